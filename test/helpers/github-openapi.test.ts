import { describe, expect, it } from "vitest";
import {
  checkGitHubRequest,
  githubComponentSchema,
  inspectGitHubRequest,
  matchGitHubOperation,
  validateAgainstGitHubSchema,
} from "./github-openapi.js";

const checkRun = { name: "secfix", head_sha: "0123456789abcdef0123456789abcdef01234567" };

describe("checkGitHubRequest: bodies", () => {
  it("accepts a valid create-check-run body", () => {
    expect(checkGitHubRequest({ method: "POST", url: "/repos/o/r/check-runs", body: checkRun })).toEqual([]);
  });

  it("reports a missing required property", () => {
    const problems = checkGitHubRequest({ method: "POST", url: "/repos/o/r/check-runs", body: { name: "secfix" } });
    expect(problems).toEqual(['body: missing required property "head_sha"']);
  });

  it("reports enum and nested type violations with their location", () => {
    const problems = checkGitHubRequest({
      method: "POST",
      url: "/repos/o/r/check-runs",
      body: { ...checkRun, status: "done", output: { title: 1, summary: "s" } },
    });
    expect(problems).toEqual([
      'body.status: "done" is not one of "queued", "in_progress", "completed"',
      "body.output.title: must be string, got integer",
    ]);
  });

  it("accepts JSON text and rejects a body that is not JSON", () => {
    expect(checkGitHubRequest({ method: "POST", url: "/repos/o/r/check-runs", body: JSON.stringify(checkRun) })).toEqual([]);
    expect(checkGitHubRequest({ method: "POST", url: "/repos/o/r/check-runs", body: "name=x" })).toEqual([
      expect.stringContaining("body is not JSON"),
    ]);
  });

  it("resolves $refs into components (code scanning dismissal reason)", () => {
    const url = "/repos/o/r/code-scanning/alerts/12";
    expect(
      checkGitHubRequest({ method: "PATCH", url, body: { state: "dismissed", dismissed_reason: "false positive" } }),
    ).toEqual([]);
    expect(checkGitHubRequest({ method: "PATCH", url, body: { state: "dismissed", dismissed_reason: "nah" } })).toEqual([
      expect.stringContaining('body.dismissed_reason: "nah" is not one of "false positive"'),
    ]);
  });

  it("honours nullable and anyOf-required (update needs state or assignees)", () => {
    const url = "/repos/o/r/code-scanning/alerts/12";
    // dismissed_reason is `nullable: true`, so null is fine once `state` satisfies the anyOf.
    expect(checkGitHubRequest({ method: "PATCH", url, body: { state: "open", dismissed_reason: null } })).toEqual([]);
    expect(checkGitHubRequest({ method: "PATCH", url, body: { assignees: ["octocat"] } })).toEqual([]);
    expect(checkGitHubRequest({ method: "PATCH", url, body: { dismissed_comment: "x" } })).toEqual([
      expect.stringMatching(/^body: matches none of the 2 anyOf alternatives/),
    ]);
  });

  it("enforces additionalProperties: false and maxLength (Dependabot alert update)", () => {
    const url = "/repos/o/r/dependabot/alerts/3";
    expect(checkGitHubRequest({ method: "PATCH", url, body: { state: "dismissed", dismissed_reason: "inaccurate" } })).toEqual(
      [],
    );
    expect(checkGitHubRequest({ method: "PATCH", url, body: { state: "dismissed", reason: "inaccurate" } })).toEqual([
      expect.stringContaining('body: unexpected property "reason"'),
    ]);
    expect(
      checkGitHubRequest({ method: "PATCH", url, body: { state: "dismissed", dismissed_comment: "x".repeat(281) } }),
    ).toEqual(["body.dismissed_comment: longer than maxLength 280 (281)"]);
  });

  it("checks issues/add-labels according to the description's single object form", () => {
    const url = "/repos/o/r/issues/7/labels";
    expect(checkGitHubRequest({ method: "POST", url, body: { labels: ["security", "secfix"] } })).toEqual([]);
    expect(checkGitHubRequest({ method: "POST", url, body: { labels: [{ name: "security" }] } })).toEqual([]);
    // @octokit/openapi 23 lists only `{ labels: [...] }` in add-labels' oneOf (older
    // descriptions also listed a bare array); this asserts what the description says.
    expect(checkGitHubRequest({ method: "POST", url, body: ["security"] })).toEqual([
      expect.stringContaining("body: matches none of the 1 oneOf alternatives"),
    ]);
    expect(checkGitHubRequest({ method: "POST", url, body: { labels: [] } })).toEqual([
      expect.stringContaining("fewer than minItems 1"),
    ]);
  });

  it("rejects a body on an operation that takes none and treats Octokit's empty PUT body as none", () => {
    expect(checkGitHubRequest({ method: "GET", url: "/repos/o/r", body: { x: 1 } })).toEqual([
      "repos/get takes no request body, but one was sent",
    ]);
    expect(checkGitHubRequest({ method: "PUT", url: "/repos/o/r/pulls/1/merge", body: "" })).toEqual([]);
  });
});

describe("checkGitHubRequest: paths and query", () => {
  it("rejects per_page above the documented maximum and accepts the maximum", () => {
    expect(checkGitHubRequest({ method: "GET", url: "/repos/o/r/code-scanning/alerts?per_page=500" })).toEqual([
      'query parameter per_page="500": 500 must be <= 100',
    ]);
    expect(checkGitHubRequest({ method: "GET", url: "/repos/o/r/code-scanning/alerts?per_page=100&state=open" })).toEqual([]);
  });

  it("rejects unknown query parameters, bad enum/integer values and missing required ones", () => {
    const problems = checkGitHubRequest({ method: "GET", url: "/repos/o/r/code-scanning/alerts?stat=open&page=two&state=x" });
    expect(problems).toEqual([
      expect.stringMatching(/^unknown query parameter "stat" \(code-scanning\/list-alerts-for-repo accepts .*state/),
      'query parameter page="two": must be an integer',
      expect.stringContaining('query parameter state="x": "x" is not one of "open", "dismissed", "fixed"'),
    ]);
    expect(checkGitHubRequest({ method: "GET", url: "/search/code" })).toEqual(['missing required query parameter "q"']);
  });

  it("rejects an unknown path and a known path with the wrong method", () => {
    expect(checkGitHubRequest({ method: "GET", url: "https://api.github.com/repos/o/r/no-such-thing" })).toEqual([
      "no GitHub REST operation matches GET /repos/o/r/no-such-thing",
    ]);
    expect(checkGitHubRequest({ method: "DELETE", url: "/repos/o/r/check-runs" })).toEqual([
      "no GitHub REST operation for DELETE /repos/o/r/check-runs: /repos/{owner}/{repo}/check-runs only supports POST",
    ]);
  });

  it("type-checks path parameters", () => {
    const inspection = inspectGitHubRequest({ method: "GET", url: "/repos/o/r/code-scanning/alerts/abc" });
    expect(inspection.operation?.operationId).toBe("code-scanning/get-alert");
    expect(inspection.problems).toEqual(['path parameter alert_number="abc": must be an integer']);
    expect(checkGitHubRequest({ method: "GET", url: "/repos/o/r/code-scanning/alerts/42" })).toEqual([]);
  });

  it("exposes the matched operation, preferring literal segments over parameters", () => {
    expect(matchGitHubOperation("GET", "/repos/o/r/issues/comments")).toMatchObject({
      operationId: "issues/list-comments-for-repo",
      pathTemplate: "/repos/{owner}/{repo}/issues/comments",
    });
    expect(matchGitHubOperation("PATCH", "/repos/octo/app/code-scanning/alerts/5")).toEqual({
      operationId: "code-scanning/update-alert",
      method: "PATCH",
      pathTemplate: "/repos/{owner}/{repo}/code-scanning/alerts/{alert_number}",
      pathParams: { owner: "octo", repo: "app", alert_number: "5" },
    });
  });

  it("lets x-multi-segment parameters span slashes, encoded or not", () => {
    expect(matchGitHubOperation("GET", "/repos/o/r/git/ref/heads/feature/x")?.pathParams).toMatchObject({
      ref: "heads/feature/x",
    });
    expect(matchGitHubOperation("GET", "/repos/o/r/git/ref/heads%2Fmain")?.pathParams).toMatchObject({ ref: "heads/main" });
    expect(matchGitHubOperation("GET", "/repos/o/r/contents/src/app.ts?ref=main")).toMatchObject({
      operationId: "repos/get-content",
      pathParams: { path: "src/app.ts" },
    });
    expect(matchGitHubOperation("GET", "/repos/o/r/branches/release/1.x/protection")).toMatchObject({
      operationId: "repos/get-branch-protection",
      pathParams: { branch: "release/1.x" },
    });
  });

  it("accepts GHES /api/v3 base paths", () => {
    const url = "https://ghe.example.com/api/v3/repos/o/r/check-runs";
    expect(checkGitHubRequest({ method: "POST", url, body: checkRun })).toEqual([]);
    expect(checkGitHubRequest({ method: "POST", url, body: {} })).toHaveLength(2);
  });
});

describe("validateAgainstGitHubSchema", () => {
  it("validates values against a named component schema", () => {
    const schema = githubComponentSchema("code-scanning-alert-dismissed-reason");
    expect(validateAgainstGitHubSchema(schema, "won't fix")).toEqual([]);
    expect(validateAgainstGitHubSchema(schema, null)).toEqual([]);
    expect(validateAgainstGitHubSchema(schema, "wontfix", "reason")).toEqual([expect.stringMatching(/^reason: "wontfix"/)]);
    expect(() => githubComponentSchema("no-such-schema")).toThrow(/no components\/schemas\/no-such-schema/);
  });
});

describe("performance", () => {
  it("reuses the compiled description instead of rebuilding it per call", () => {
    checkGitHubRequest({ method: "GET", url: "/" }); // first call pays for parsing the description
    const started = performance.now();
    for (let i = 0; i < 2000; i++) {
      checkGitHubRequest({ method: "POST", url: `/repos/o/r${i}/check-runs`, body: checkRun });
    }
    // Rebuilding (~150 ms+) on each call would take minutes; cached checks take well under 1 ms.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
