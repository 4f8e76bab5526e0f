import type { DurationStats } from "./security-report.js";

/**
 * Median (the mean of the two middle values when n is even) and the nearest-rank 90th percentile:
 * the smallest value with at least 90 % of the values at or below it.
 */
export function durationStats(values: readonly number[]): DurationStats {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, medianMs: null, p90Ms: null };
  const middle = Math.floor(n / 2);
  const medianMs = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p90Ms = sorted[Math.ceil(0.9 * n) - 1]!;
  return { n, medianMs, p90Ms };
}
