import type { Finding, FindingSla } from "../domain/finding.js";

/**
 * The due time the SLA clock should run for: set while the alert is open and secfix acts on it,
 * null otherwise (resolved, record only, duplicate), so a finding that comes back is armed again.
 */
export function slaClockDueAt(finding: Finding): string | null {
  const { triage } = finding;
  if (finding.alert.state !== "open" || !triage || triage.decision !== "act") return null;
  return triage.slaDueAt;
}

/**
 * The finding's SLA record after a sync: `armed` is true when timers must be queued for a due
 * time they are not queued for yet. Thresholds already acted on count for their due time only.
 * A finding the clock never ran for keeps no record.
 */
export function armSla(finding: Finding): { sla: FindingSla | undefined; armed: boolean } {
  const dueAt = slaClockDueAt(finding);
  const previous = finding.sla;
  if (!previous && dueAt === null) return { sla: undefined, armed: false };
  if (previous && previous.dueAt === dueAt) return { sla: previous, armed: false };
  return {
    sla: { dueAt, notified: [], atRiskPulls: previous?.atRiskPulls ?? [], escalation: previous?.escalation ?? null },
    armed: dueAt !== null,
  };
}
