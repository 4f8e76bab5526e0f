import { z } from "zod";
import type { AlertSnapshot, AlertState } from "../domain/finding.js";
import { isSeverity, type Severity } from "../domain/severity.js";
import { MalformedAlertError } from "./malformed-alert-error.js";

// Loose on purpose: webhook payloads and API answers differ, and old payloads lack newer fields.
const location = z
  .object({
    path: z.string().nullish(),
    start_line: z.number().int().nullish(),
    end_line: z.number().int().nullish(),
    start_column: z.number().int().nullish(),
    end_column: z.number().int().nullish(),
  })
  .nullish();

const codeScanningAlert = z.object({
  number: z.number().int().positive(),
  state: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  fixed_at: z.string().nullish(),
  dismissed_at: z.string().nullish(),
  dismissed_reason: z.string().nullish(),
  rule: z.object({
    id: z.string().min(1),
    name: z.string().nullish(),
    description: z.string().nullish(),
    severity: z.string().nullish(),
    security_severity_level: z.string().nullish(),
    tags: z.array(z.string()).nullish(),
    help: z.string().nullish(),
  }),
  tool: z.object({ name: z.string().nullish() }).nullish(),
  most_recent_instance: z.object({ location, message: z.object({ text: z.string().nullish() }).nullish() }).nullish(),
});

const RULE_HELP_LIMIT = 4000;

/**
 * `state` is null for alerts seen only outside the default branch; secfix treats them as open
 * until GitHub says fixed or dismissed.
 */
function alertState(state: string | null | undefined): AlertState {
  if (state === "fixed") return "fixed";
  if (state === "dismissed") return "dismissed";
  return "open";
}

/**
 * The webhook's rule has no `security_severity_level`; only GET alert does. A non-security rule
 * (a style or quality query) has none either, and its `severity` (error/warning/note) is not a
 * security rating, so it maps to `none` only when the answer came from the API.
 */
function severityOf(level: string | null | undefined, fromApi: boolean): Severity | null {
  if (isSeverity(level)) return level;
  return fromApi ? "none" : null;
}

function cwesFromTags(tags: readonly string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    const match = /^external\/cwe\/cwe-0*(\d+)$/i.exec(tag);
    if (match) out.push(`CWE-${match[1]}`);
  }
  return out;
}

/** A code-scanning alert (webhook `alert` or REST answer) as secfix tracks it. */
export function codeScanningAlertToSnapshot(raw: unknown, { fromApi }: { fromApi: boolean }): AlertSnapshot {
  const parsed = codeScanningAlert.safeParse(raw);
  if (!parsed.success) {
    throw new MalformedAlertError(
      "code scanning",
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "alert"}: ${issue.message}`),
    );
  }
  const alert = parsed.data;
  const state = alertState(alert.state);
  const loc = alert.most_recent_instance?.location;
  return {
    source: "code_scanning",
    alertNumber: alert.number,
    state,
    title: alert.rule.description || alert.rule.name || alert.rule.id,
    htmlUrl: alert.html_url ?? "",
    severity: severityOf(alert.rule.security_severity_level, fromApi),
    ruleId: alert.rule.id,
    tool: alert.tool?.name ?? null,
    cwes: cwesFromTags(alert.rule.tags),
    location: loc?.path
      ? {
          path: loc.path,
          startLine: loc.start_line ?? null,
          endLine: loc.end_line ?? null,
          startColumn: loc.start_column ?? null,
          endColumn: loc.end_column ?? null,
        }
      : null,
    dependency: null,
    advisory: null,
    createdAt: alert.created_at,
    updatedAt: alert.updated_at ?? alert.created_at,
    resolvedAt: state === "fixed" ? (alert.fixed_at ?? null) : state === "dismissed" ? (alert.dismissed_at ?? null) : null,
    resolutionReason: state === "dismissed" ? (alert.dismissed_reason ?? "dismissed") : state === "fixed" ? "fixed" : null,
    message: alert.most_recent_instance?.message?.text ?? null,
    // Help texts run to pages; what a fixer needs is near the top.
    ruleHelp: alert.rule.help ? alert.rule.help.slice(0, RULE_HELP_LIMIT) : null,
  };
}
