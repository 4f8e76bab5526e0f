const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration short enough for a table cell: `3d 4h`, `5h 20m`, `12m`, `40s`; the two largest units, rounded. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  // Units are chosen after rounding, so 59.6 s reads "1m" and not "60s".
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  if (minutes < DAY / MINUTE) return pair(Math.floor(minutes / 60), "h", minutes % 60, "m");
  const hours = Math.round(ms / HOUR);
  return pair(Math.floor(hours / 24), "d", hours % 24, "h");
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
}
