import { formatDuration } from "./format-duration.js";

export interface GateDeadline {
  /** True once a waiting gate must turn into a failure. */
  expired: boolean;
  /** The timeout in words, for evidence. */
  duration: string;
}

/**
 * Has a waiting gate run out of time? An unreadable timestamp counts as expired: a gate that can
 * never time out would hold the fix forever, while a failure can be retried.
 */
export function gateDeadline(startedAt: string, now: string, timeoutMs: number): GateDeadline {
  const elapsed = Date.parse(now) - Date.parse(startedAt);
  return { expired: Number.isNaN(elapsed) || elapsed >= timeoutMs, duration: formatDuration(timeoutMs) };
}
