export type PypiRegistryFailure =
  /** 5xx, 429, a timeout or a network failure: the same request may work later. */
  | "unavailable"
  /** Any other 4xx (401, 403, …): the index refuses secfix; retrying changes nothing. */
  | "refused"
  /** An answer that is not the JSON API's document. */
  | "invalid_response";

/**
 * A PyPI request that did not give an answer. `retryable` is what a job runner needs: true for
 * outages and timeouts, false when the index refuses or answers with the wrong kind of document.
 * A missing project or release is not an error: the registry answers null for a 404.
 */
export class PypiRegistryError extends Error {
  readonly failure: PypiRegistryFailure;
  readonly retryable: boolean;
  readonly url: string;
  /** The HTTP status, when the index answered at all. Not `status`, so GitHub error classifiers leave it alone. */
  readonly httpStatus: number | null;
  /** From `Retry-After`, when the index sent one. */
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    details: { failure: PypiRegistryFailure; retryable: boolean; url: string; httpStatus?: number | null; retryAfterMs?: number | null; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "PypiRegistryError";
    this.failure = details.failure;
    this.retryable = details.retryable;
    this.url = details.url;
    this.httpStatus = details.httpStatus ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}
