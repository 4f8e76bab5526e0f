function unit(count: number, name: string): string {
  return `${count} ${name}${count === 1 ? "" : "s"}`;
}

/** A timeout as people say it (`1 hour 30 minutes`), for evidence; seconds only under a minute. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return unit(Math.max(0, Math.round(Number.isFinite(ms) ? ms / 1000 : 0)), "second");
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return unit(minutes, "minute");
  return rest === 0 ? unit(hours, "hour") : `${unit(hours, "hour")} ${unit(rest, "minute")}`;
}
