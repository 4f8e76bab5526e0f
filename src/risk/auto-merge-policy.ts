import type { SecfixConfig } from "../config/config.schema.js";
import type { FixDescription } from "../domain/fix-attempt.js";
import type { RiskAssessment } from "../domain/risk.js";
import { severityRank } from "../domain/severity.js";

const SEMVER_RANK = { none: 0, patch: 1, minor: 2, major: 3 } as const;

export interface AutoMergeDecision {
  allowed: boolean;
  /** Why not (each blocking rule), or what allowed it. */
  reasons: string[];
}

/**
 * Whether policy lets secfix merge a fix whose gates all passed. Only low-risk fixes qualify, and
 * a fix that needed people's approval only when the config says so explicitly.
 */
export function autoMergePolicy(input: { config: SecfixConfig["auto_merge"]; fix: FixDescription; risk: RiskAssessment; neededApproval: boolean }): AutoMergeDecision {
  const { config, fix, risk } = input;
  const blocked: string[] = [];
  if (!config.enabled) blocked.push("auto_merge.enabled is off");
  if (risk.level !== "low") blocked.push(`risk is ${risk.level}; only low-risk fixes merge on their own`);
  if (input.neededApproval && !config.after_approval) blocked.push("the fix needed a person's approval and auto_merge.after_approval is off");
  if (severityRank(fix.severity) > severityRank(config.max_severity)) {
    blocked.push(`severity ${fix.severity} is above auto_merge.max_severity ${config.max_severity}`);
  }
  if (fix.kind === "dependency") {
    for (const dependency of risk.blast.dependencies) {
      if (SEMVER_RANK[dependency.delta] > SEMVER_RANK[config.allowed_semver]) {
        blocked.push(`${dependency.name} ${dependency.fromVersion} → ${dependency.toVersion} is a ${dependency.delta} change; auto_merge.allowed_semver is ${config.allowed_semver}`);
      }
      if (config.development_only && dependency.scope !== "development") {
        blocked.push(`${dependency.name} is a ${dependency.scope} dependency and auto_merge.development_only is on`);
      }
    }
  } else if (config.development_only) {
    blocked.push("auto_merge.development_only is on and this is a code fix");
  }
  if (blocked.length > 0) return { allowed: false, reasons: blocked };
  return { allowed: true, reasons: [`low risk, severity ${fix.severity}, within auto_merge policy`] };
}
