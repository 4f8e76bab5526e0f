import { z } from "zod";
import type { AlertSnapshot, AlertState, DependencyScope } from "../domain/finding.js";
import { isSeverity, severityFromCvss, type Severity } from "../domain/severity.js";
import { MalformedAlertError } from "./malformed-alert-error.js";

const pkg = z.object({ ecosystem: z.string().min(1), name: z.string().min(1) });

const dependabotAlert = z.object({
  number: z.number().int().positive(),
  state: z.string(),
  html_url: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  fixed_at: z.string().nullish(),
  dismissed_at: z.string().nullish(),
  auto_dismissed_at: z.string().nullish(),
  dismissed_reason: z.string().nullish(),
  dependency: z.object({
    package: pkg,
    manifest_path: z.string().min(1),
    scope: z.string().nullish(),
    relationship: z.string().nullish(),
  }),
  security_advisory: z.object({
    ghsa_id: z.string().min(1),
    cve_id: z.string().nullish(),
    summary: z.string().nullish(),
    severity: z.string().nullish(),
    cvss: z.object({ score: z.number().nullish() }).nullish(),
    cwes: z.array(z.object({ cwe_id: z.string() })).nullish(),
    references: z.array(z.object({ url: z.string() })).nullish(),
  }),
  security_vulnerability: z.object({
    severity: z.string().nullish(),
    vulnerable_version_range: z.string().nullish(),
    first_patched_version: z.object({ identifier: z.string() }).nullish(),
  }),
});

function alertState(state: string): AlertState {
  if (state === "fixed") return "fixed";
  if (state === "dismissed" || state === "auto_dismissed") return "dismissed";
  return "open";
}

function scopeOf(scope: string | null | undefined): DependencyScope {
  return scope === "runtime" || scope === "development" ? scope : "unknown";
}

/** Advisory severity first, the vulnerability's own next, CVSS as the last word. */
function severityOf(advisory: string | null | undefined, vulnerability: string | null | undefined, cvss: number | null | undefined): Severity {
  if (isSeverity(advisory)) return advisory;
  if (isSeverity(vulnerability)) return vulnerability;
  if (typeof cvss === "number") return severityFromCvss(cvss);
  return "none";
}

/** A Dependabot alert (webhook `alert` or REST answer; both use one schema) as secfix tracks it. */
export function dependabotAlertToSnapshot(raw: unknown): AlertSnapshot {
  const parsed = dependabotAlert.safeParse(raw);
  if (!parsed.success) {
    throw new MalformedAlertError(
      "Dependabot",
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "alert"}: ${issue.message}`),
    );
  }
  const alert = parsed.data;
  const advisory = alert.security_advisory;
  const vulnerability = alert.security_vulnerability;
  const state = alertState(alert.state);
  const relationship = alert.dependency.relationship;
  const cvssScore = advisory.cvss?.score && advisory.cvss.score > 0 ? advisory.cvss.score : null;
  return {
    source: "dependabot",
    alertNumber: alert.number,
    state,
    title: advisory.summary || `${alert.dependency.package.name}: ${advisory.ghsa_id}`,
    htmlUrl: alert.html_url ?? "",
    severity: severityOf(advisory.severity, vulnerability.severity, cvssScore),
    ruleId: advisory.ghsa_id,
    tool: "dependabot",
    cwes: (advisory.cwes ?? []).map((cwe) => cwe.cwe_id),
    location: { path: alert.dependency.manifest_path, startLine: null, endLine: null },
    dependency: {
      ecosystem: alert.dependency.package.ecosystem,
      name: alert.dependency.package.name,
      manifestPath: alert.dependency.manifest_path,
      scope: scopeOf(alert.dependency.scope),
      relationship: relationship === "direct" || relationship === "transitive" ? relationship : "unknown",
    },
    advisory: {
      ghsaId: advisory.ghsa_id,
      cveId: advisory.cve_id ?? null,
      summary: advisory.summary ?? "",
      severity: severityOf(advisory.severity, vulnerability.severity, cvssScore),
      cvssScore,
      vulnerableRange: vulnerability.vulnerable_version_range ?? null,
      // null means no patched version exists yet: the planner must say so, not guess.
      firstPatchedVersion: vulnerability.first_patched_version?.identifier ?? null,
      url: advisory.references?.[0]?.url ?? null,
    },
    createdAt: alert.created_at,
    updatedAt: alert.updated_at ?? alert.created_at,
    resolvedAt:
      state === "fixed" ? (alert.fixed_at ?? null) : state === "dismissed" ? (alert.dismissed_at ?? alert.auto_dismissed_at ?? null) : null,
    resolutionReason:
      state === "fixed" ? "fixed" : alert.state === "auto_dismissed" ? "auto_dismissed" : state === "dismissed" ? (alert.dismissed_reason ?? "dismissed") : null,
  };
}
