import type { Finding } from "../domain/finding.js";

/**
 * The finding whose SLA escalation lives in issue `issueNumber`. Issue numbers are per
 * repository: pass one repository's findings.
 */
export function findingForEscalationIssue(findings: readonly Finding[], issueNumber: number): Finding | null {
  return findings.find((finding) => finding.sla?.escalation?.issueNumber === issueNumber) ?? null;
}
