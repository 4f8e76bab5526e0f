/** The points of an SLA at which secfix speaks up: at risk at half and three quarters, breached at the end. */
export const SLA_THRESHOLDS = [50, 75, 100] as const;
export type SlaThreshold = (typeof SLA_THRESHOLDS)[number];

export interface SlaMark {
  threshold: SlaThreshold;
  at: string;
}

export function isSlaThreshold(value: number): value is SlaThreshold {
  return (SLA_THRESHOLDS as readonly number[]).includes(value);
}

/**
 * When each threshold falls, from the alert's opening to its due time. Whole milliseconds,
 * rounded down, so a timer never fires before the stage it was set for has begun.
 */
export function slaMarks(openedAt: string, dueAt: string): SlaMark[] {
  const opened = Date.parse(openedAt);
  const due = Date.parse(dueAt);
  if (Number.isNaN(opened) || Number.isNaN(due)) throw new Error(`not an SLA span: ${openedAt} to ${dueAt}`);
  const span = Math.max(0, due - opened);
  return SLA_THRESHOLDS.map((threshold) => ({
    threshold,
    at: new Date(threshold === 100 ? opened + span : opened + Math.floor((span * threshold) / 100)).toISOString(),
  }));
}

/**
 * The highest threshold reached at `now`, or null before the first. A timer acts only when its
 * own threshold is this one: a 50 % timer that runs after the due time leaves the word to the 100 % one.
 */
export function slaStage(openedAt: string, dueAt: string, now: string): SlaThreshold | null {
  const at = Date.parse(now);
  let stage: SlaThreshold | null = null;
  for (const mark of slaMarks(openedAt, dueAt)) if (Date.parse(mark.at) <= at) stage = mark.threshold;
  return stage;
}

/** How much of the SLA is gone at `now`, in whole percent (over 100 once breached). */
export function slaElapsedPercent(openedAt: string, dueAt: string, now: string): number {
  const opened = Date.parse(openedAt);
  const span = Date.parse(dueAt) - opened;
  if (span <= 0) return 100;
  return Math.max(0, Math.floor(((Date.parse(now) - opened) * 100) / span));
}
