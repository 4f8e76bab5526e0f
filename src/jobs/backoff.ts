export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Longest delay, before jitter. */
  capMs: number;
  /**
   * `full`: anywhere in [0, delay). `partial`: in [delay/2, delay), so a retry never comes much
   * sooner than planned yet replicas still spread out. `none`: exactly the delay.
   */
  jitter?: "full" | "partial" | "none";
  /** A number in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Readonly<Required<Omit<BackoffOptions, "random">>> = {
  baseMs: 10_000,
  capMs: 60 * 60_000,
  jitter: "partial",
};

/** How long to wait before retry number `attempt` (1 = the first retry): base × 2^(attempt−1), capped, then jittered. */
export function retryDelayMs(attempt: number, options: BackoffOptions): number {
  const { baseMs, capMs, jitter = DEFAULT_BACKOFF.jitter, random = Math.random } = options;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // min() first: 2^exponent overflows to Infinity for large attempts, and Infinity × 0 would be NaN.
  const delay = Math.max(0, Math.min(baseMs * 2 ** exponent, capMs));
  const r = Math.min(Math.max(random(), 0), 1);
  switch (jitter) {
    case "none":
      return Math.floor(delay);
    case "full":
      return Math.floor(delay * r);
    case "partial":
      return Math.floor(delay / 2 + (delay / 2) * r);
  }
}
