import { describe, expect, it } from "vitest";
import { PermanentJobError, RetryLaterError } from "../../src/jobs/job-errors.js";
import { asJobError } from "../../src/pipeline/as-job-error.js";
import { RegistryError } from "../../src/registry/registry-error.js";

const now = new Date("2026-11-25T12:00:00Z");

function githubError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { status, response: { headers } });
}

describe("asJobError", () => {
  it("waits out GitHub's retry-after on a secondary rate limit", () => {
    const error = asJobError(githubError(403, "You have exceeded a secondary rate limit", { "retry-after": "90" }), "sync alert", now);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(90_000);
  });

  it("waits until the primary limit resets", () => {
    const reset = String(now.getTime() / 1000 + 600);
    const error = asJobError(githubError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), "x", now);
    expect((error as RetryLaterError).retryAfterMs).toBe(601_000);
  });

  it("waits a minute on a secondary limit that came without headers", () => {
    expect((asJobError(githubError(403, "secondary rate limit", {}), "x", now) as RetryLaterError).retryAfterMs).toBe(60_000);
  });

  it("gives up at once when GitHub refuses the app", () => {
    const error = asJobError(githubError(403, "Resource not accessible by integration"), "backfill", now);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toMatch(/backfill: GitHub refused the request.*permissions in app.yml/);
  });

  it("retries server errors and network failures as they are", () => {
    const server = githubError(502, "Bad Gateway");
    expect(asJobError(server, "x", now)).toBe(server);
    const network = new TypeError("fetch failed");
    expect(asJobError(network, "x", now)).toBe(network);
  });

  it("does not mistake a registry's status code for GitHub's", () => {
    const limited = new RegistryError("PyPI answered 429 for requests", "transient", "requests", 429);
    expect(asJobError(limited, "fix dependencies", now)).toBe(limited);
    const missing = new RegistryError("left-pad is not on the registry", "not_found", "left-pad", 404);
    const error = asJobError(missing, "fix dependencies", now) as Error;
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.message).not.toMatch(/GitHub/);
  });
});
