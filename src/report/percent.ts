/** part / whole as a percentage with one decimal; null when the whole is zero (never NaN or Infinity). */
export function percent(part: number, whole: number): number | null {
  if (!(whole > 0) || !Number.isFinite(part)) return null;
  return Math.round((part / whole) * 1000) / 10;
}
