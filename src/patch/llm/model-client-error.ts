/**
 * What went wrong talking to the model, in terms the fixer decides on (retry, give up, or mark the
 * AI unavailable), never the provider's own message: those can echo parts of the API key.
 */
export type ModelFaultKind =
  /** 429 requests/tokens per minute: waiting helps. */
  | "rate_limited"
  /** 429 `insufficient_quota`: a billing state; waiting does not help. */
  | "quota_exhausted"
  /** 401: the key is wrong or revoked. */
  | "auth"
  /** 403 / 404: the key may not use this model, or the model does not exist. */
  | "permission"
  /** 400 / 422: the service refused the request's shape (e.g. no structured outputs for this model). */
  | "bad_request"
  /** 5xx. */
  | "server"
  /** No response: DNS, reset, TLS. */
  | "connection"
  /** The adapter's own deadline passed. */
  | "timeout"
  /** The caller's AbortSignal fired. */
  | "aborted";

export class ModelClientError extends Error {
  readonly kind: ModelFaultKind;
  readonly status: number | null;
  /** The service's `retry-after`, when it sent one. */
  readonly retryAfterMs: number | null;

  constructor(kind: ModelFaultKind, options: { status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(`model request failed: ${kind}${options.status ? ` (HTTP ${options.status})` : ""}`, { cause: options.cause });
    this.name = "ModelClientError";
    this.kind = kind;
    this.status = options.status ?? null;
    const after = options.retryAfterMs;
    this.retryAfterMs = after !== undefined && after !== null && Number.isFinite(after) && after >= 0 ? after : null;
  }
}
