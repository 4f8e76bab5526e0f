import { classifyGitHubError } from "../github/classify-github-error.js";
import { MalformedAlertError } from "../ingest/malformed-alert-error.js";
import { PermanentJobError, RetryLaterError } from "../jobs/job-errors.js";
import { RegistryError } from "../registry/registry-error.js";

/**
 * Turns a failure into what the worker should do with the job: wait for GitHub's rate limit,
 * give up at once on what retrying cannot fix, or back off and retry.
 */
export function asJobError(error: unknown, what: string, now: Date): unknown {
  if (error instanceof PermanentJobError || error instanceof RetryLaterError) return error;
  if (error instanceof MalformedAlertError) return new PermanentJobError(`${what}: ${error.message}`);
  // Package registries fail in their own ways; their status codes say nothing about GitHub.
  if (error instanceof RegistryError) {
    return error.kind === "transient" ? error : new PermanentJobError(`${what}: ${error.message}`, { cause: error });
  }
  if (typeof (error as { status?: unknown })?.status !== "number") return error;
  const failure = classifyGitHubError(error, now);
  switch (failure.kind) {
    case "rate_limited":
      return new RetryLaterError(`${what}: GitHub rate limit (${failure.message})`, failure.retryAfterMs);
    case "forbidden":
      return new PermanentJobError(
        `${what}: GitHub refused the request (${failure.message}); check that the app is installed with the permissions in app.yml`,
      );
    case "not_found":
      return new PermanentJobError(`${what}: not found on GitHub (${failure.message})`);
    case "transient":
      return error;
  }
}
