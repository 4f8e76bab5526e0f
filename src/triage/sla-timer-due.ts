import type { Finding } from "../domain/finding.js";
import { slaClockDueAt } from "./arm-sla.js";
import { slaStage, type SlaThreshold } from "./sla-timeline.js";

/**
 * Whether a timer still has something to say: the finding is open and acted on, still due when
 * the timer was set for, this threshold was not acted on yet, and it is the highest one reached
 * now (timers that fire late, after a backfill or a restart, leave the word to the latest stage).
 */
export function slaTimerDue(finding: Finding, timer: { threshold: SlaThreshold; dueAt: string }, now: string): boolean {
  if (slaClockDueAt(finding) !== timer.dueAt || finding.sla?.dueAt !== timer.dueAt) return false;
  if (finding.sla.notified.includes(timer.threshold)) return false;
  return slaStage(finding.alert.createdAt, timer.dueAt, now) === timer.threshold;
}
