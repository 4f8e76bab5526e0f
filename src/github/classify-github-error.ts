/** What a failed GitHub request means for the job that made it. */
export type GitHubFailure =
  | { kind: "rate_limited"; retryAfterMs: number; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "forbidden"; message: string }
  | { kind: "transient"; message: string };

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;
/** GitHub's advice when a secondary limit comes without headers: wait at least a minute. */
const SECONDARY_FALLBACK_MS = 60_000;

function header(error: ErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * Sorts a GitHub failure into what the job should do. Rate limits are retried after GitHub's own
 * wait (Probot only logs secondary limits), 404 and permission denials are not retried, anything
 * else (5xx, network) is transient.
 */
export function classifyGitHubError(error: unknown, now: Date): GitHubFailure {
  const err = (error ?? {}) as ErrorLike;
  const status = typeof err.status === "number" ? err.status : undefined;
  const message = typeof err.message === "string" ? err.message : String(error);

  if (status === 403 || status === 429) {
    const retryAfter = header(err, "retry-after");
    if (retryAfter && /^\d+$/.test(retryAfter)) {
      return { kind: "rate_limited", retryAfterMs: Number(retryAfter) * 1000, message };
    }
    if (header(err, "x-ratelimit-remaining") === "0") {
      const reset = Number(header(err, "x-ratelimit-reset"));
      const wait = Number.isFinite(reset) ? reset * 1000 - now.getTime() + 1000 : SECONDARY_FALLBACK_MS;
      return { kind: "rate_limited", retryAfterMs: Math.max(1000, wait), message };
    }
    if (status === 429 || SECONDARY_LIMIT.test(message)) {
      return { kind: "rate_limited", retryAfterMs: SECONDARY_FALLBACK_MS, message };
    }
    return { kind: "forbidden", message };
  }
  if (status === 401) return { kind: "transient", message };
  if (status === 404 || status === 410) return { kind: "not_found", message };
  return { kind: "transient", message };
}
