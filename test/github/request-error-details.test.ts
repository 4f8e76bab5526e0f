import { describe, expect, it } from "vitest";
import { requestErrorMessage, requestErrorStatus } from "../../src/github/request-error-details.js";

function requestError(status: number, data: unknown, message = "Octokit message - https://docs.github.com/rest") {
  return Object.assign(new Error(message), { status, response: { data } });
}

describe("requestErrorStatus", () => {
  it("reads the HTTP status of a request error", () => {
    expect(requestErrorStatus(requestError(409, {}))).toBe(409);
  });

  it("has no status for plain errors, non-numeric statuses and non-errors", () => {
    expect(requestErrorStatus(new Error("socket hang up"))).toBeUndefined();
    expect(requestErrorStatus({ status: "409" })).toBeUndefined();
    expect(requestErrorStatus(null)).toBeUndefined();
  });
});

describe("requestErrorMessage", () => {
  it("prefers GitHub's own message over Octokit's, which appends the docs URL", () => {
    expect(requestErrorMessage(requestError(405, { message: "Pull Request is not mergeable" }))).toBe("Pull Request is not mergeable");
  });

  it("appends validation details, whether strings or objects", () => {
    const error = requestError(422, {
      message: "Validation Failed",
      errors: ["Invalid rule 'pull_request'", { resource: "Issue", code: "custom", message: "body is too long" }, { resource: "Issue", field: "title", code: "missing_field" }],
    });
    expect(requestErrorMessage(error)).toBe("Validation Failed: Invalid rule 'pull_request'; body is too long; title missing_field");
  });

  it("falls back to the error's message without a response body, and to text for non-errors", () => {
    expect(requestErrorMessage(new Error("socket hang up"))).toBe("socket hang up");
    expect(requestErrorMessage("boom")).toBe("boom");
  });
});
