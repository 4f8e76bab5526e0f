import type { SecfixConfig } from "../config/config.schema.js";
import type { Finding, Triage } from "../domain/finding.js";
import { severityRank } from "../domain/severity.js";
import { assessExposure } from "./assess-exposure.js";
import { findDuplicate } from "./find-duplicate.js";
import { rankPriority } from "./rank-priority.js";
import { slaDueAt } from "./sla-due-at.js";

const SOURCE_KEY = { code_scanning: "code_scanning", dependabot: "dependabot" } as const;

/**
 * Severity, exposure, priority, SLA and what to do, with a reason for each decision.
 * `others` are the repository's other findings, for duplicate detection.
 */
export function triageFinding(finding: Finding, config: SecfixConfig, others: readonly Finding[]): Triage {
  const { alert } = finding;
  const severity = alert.severity ?? "none";
  const exposure = assessExposure(alert, config.customer_facing_paths);
  const priority = rankPriority(severity, exposure);
  const reasons: string[] = [`${severity} severity`];
  if (exposure.customerFacing) reasons.push(`customer-facing path (${exposure.matchedPatterns.join(", ")})`);
  if (exposure.scope === "development") reasons.push("development-only code or dependency");

  const base = { severity, priority, exposure, slaDueAt: slaDueAt(severity, alert.createdAt, config.sla) };

  if (alert.state !== "open") {
    return { ...base, decision: "record_only", duplicateOf: null, reasons: [...reasons, `alert is ${alert.state}`] };
  }
  if (!config.sources[SOURCE_KEY[alert.source]]) {
    return {
      ...base,
      decision: "record_only",
      duplicateOf: null,
      reasons: [...reasons, `${alert.source.replace("_", " ")} alerts are turned off in the configuration`],
    };
  }
  if (severityRank(severity) < severityRank(config.severity_threshold)) {
    return {
      ...base,
      decision: "record_only",
      duplicateOf: null,
      reasons: [...reasons, `below the severity threshold (${config.severity_threshold})`],
    };
  }
  const duplicateOf = findDuplicate(finding, others);
  if (duplicateOf) {
    return { ...base, decision: "duplicate", duplicateOf, reasons: [...reasons, `same problem as finding ${duplicateOf}`] };
  }
  return { ...base, decision: "act", duplicateOf: null, reasons };
}
