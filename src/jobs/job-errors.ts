/**
 * A failure that retrying cannot fix (a malformed payload, GitHub's 403 "Resource not accessible
 * by integration"): the worker parks the job as dead at once, whatever attempts remain.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/**
 * A failure with a known earliest retry time, e.g. GitHub's secondary rate limit with `retry-after`.
 * The worker waits at least `retryAfterMs` (longer if the backoff says so); it still counts as an attempt.
 */
export class RetryLaterError extends Error {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryLaterError";
    this.retryAfterMs = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  }
}
