import type { Severity } from "../domain/severity.js";

/** The rows of every per-severity table; `none` also holds findings whose severity is not known yet. */
export const REPORT_SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "none"];

export interface StateCounts {
  open: number;
  fixed: number;
  dismissed: number;
  total: number;
}

/** Durations in milliseconds; null when there is nothing to measure (n = 0). */
export interface DurationStats {
  n: number;
  medianMs: number | null;
  /** Nearest-rank 90th percentile. */
  p90Ms: number | null;
}

export interface PatchSuccess {
  /** Attempts where secfix tried to write a patch (see build-report for what counts). */
  attempted: number;
  /** Attempts whose patch passed every gate. */
  passed: number;
  gateFailed: number;
  noFix: number;
  /** Attempted, with a patch whose gates have not concluded yet (or that closed before they did). */
  undecided: number;
  /** passed / attempted, as a percentage; null when nothing was attempted. */
  percent: number | null;
}

export interface SlaCompliance {
  /** Findings due in the period, plus findings fixed in the period that had a due time. */
  due: number;
  /** Fixed at or before the due time. */
  met: number;
  /** Fixed late, or still open past the due time. */
  missed: number;
  percent: number | null;
}

/** Where the manual time to resolution came from: the repositories' own history, or the --baseline option. */
export type BaselineSource = "history" | "configured";

export interface Reduction {
  secfixMedianMs: number | null;
  baselineMedianMs: number | null;
  baselineSource: BaselineSource | null;
  /** Samples behind a `history` baseline; 0 otherwise. */
  baselineSamples: number;
  /** 1 − secfix / baseline, as a percentage (negative when secfix is slower); null when either side is missing. */
  percent: number | null;
}

export interface PerSeverity<T> {
  bySeverity: Record<Severity, T>;
  overall: T;
}

export interface SecurityReport {
  scope: { installationId: number | null; repository: string | null };
  /** `since` null means from the first record; `until` is exclusive. */
  period: { since: string | null; until: string };
  /** By GitHub's state today, for alerts opened in the period. */
  findings: PerSeverity<StateCounts>;
  /** Over alerts fixed in the period; dismissed alerts are not resolutions. */
  timeToResolution: PerSeverity<DurationStats>;
  patchSuccess: PatchSuccess;
  /** Dismissed alerts are left out of both sides. */
  slaCompliance: PerSeverity<SlaCompliance>;
  reduction: PerSeverity<Reduction>;
}
