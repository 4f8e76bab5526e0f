import nock from "nock";
import { ProbotOctokit } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import {
  assertGitHubClean,
  githubViolations,
  mockGitHub,
  requests,
  resetGitHubMock,
  unmatchedGitHubRequests,
  useStrictGitHub,
} from "./github-mock.js";

const checkRun = { name: "secfix", head_sha: "0123456789abcdef0123456789abcdef01234567" };

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The error assertGitHubClean throws, so tests can inspect its listing. */
function cleanError(): string {
  try {
    assertGitHubClean();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected assertGitHubClean to throw");
}

describe("github-mock", () => {
  beforeEach(() => {
    resetGitHubMock();
  });

  it("logs a conforming request and stays clean", async () => {
    mockGitHub().post("/repos/o/r/check-runs").reply(201, { id: 1 });

    const response = await postJson("https://api.github.com/repos/o/r/check-runs", checkRun);

    expect(response.status).toBe(201);
    expect(requests).toEqual([
      {
        method: "POST",
        url: "https://api.github.com/repos/o/r/check-runs",
        path: "/repos/o/r/check-runs",
        body: checkRun,
        operationId: "checks/create",
      },
    ]);
    expect(() => assertGitHubClean()).not.toThrow();
  });

  it("reports a matched request whose body breaks the description", async () => {
    mockGitHub().post("/repos/o/r/check-runs").reply(201, { id: 1 });

    await postJson("https://api.github.com/repos/o/r/check-runs", { name: "secfix" });

    expect(githubViolations()).toHaveLength(1);
    const message = cleanError();
    expect(message).toContain("Requests that break GitHub's REST description (1)");
    expect(message).toContain("POST https://api.github.com/repos/o/r/check-runs (checks/create)");
    expect(message).toContain('- body: missing required property "head_sha"');
    // Reported once: the next check starts clean.
    expect(() => assertGitHubClean()).not.toThrow();
  });

  it("reports a GET to a host with no interceptors at all", async () => {
    await expect(fetch("https://api.github.com/repos/o/r/pulls?state=open")).rejects.toThrow();

    const message = cleanError();
    expect(message).toContain("Requests no interceptor matched (1)");
    expect(message).toContain("GET https://api.github.com/repos/o/r/pulls?state=open (pulls/list)");
  });

  it("reports a request that other GitHub interceptors did not match, with its body and problems", async () => {
    mockGitHub().get("/repos/o/r").reply(200, {});

    await expect(postJson("https://api.github.com/repos/o/r/check-runs", { name: "x" })).rejects.toThrow();

    expect(unmatchedGitHubRequests()).toMatchObject([
      { method: "POST", path: "/repos/o/r/check-runs", body: { name: "x" }, operationId: "checks/create" },
    ]);
    const message = cleanError();
    expect(message).toContain("Requests no interceptor matched (1)");
    expect(message).toContain('- body: missing required property "head_sha"');
    // The GET interceptor was never used either.
    expect(message).toContain("Interceptors that were never used (1)");
    expect(message).toContain("GET https://api.github.com:443/repos/o/r");
    nock.cleanAll();
  });

  it("reports interceptors that were never used", () => {
    mockGitHub().get("/repos/o/r/code-scanning/alerts/1").reply(200, {});

    expect(cleanError()).toMatch(
      /Interceptors that were never used \(1\):\n {4}GET https:\/\/api\.github\.com:443\/repos\/o\/r\/code-scanning\/alerts\/1/,
    );
    nock.cleanAll();
    expect(() => assertGitHubClean()).not.toThrow();
  });

  it("checks scopes created with plain nock() too", async () => {
    nock("https://api.github.com").get("/repos/o/r/code-scanning/alerts").query(true).reply(200, []);

    await fetch("https://api.github.com/repos/o/r/code-scanning/alerts?per_page=500");

    expect(githubViolations()).toMatchObject([
      {
        operationId: "code-scanning/list-alerts-for-repo",
        problems: ['query parameter per_page="500": 500 must be <= 100'],
      },
    ]);
    resetGitHubMock();
  });

  it("treats a GHES base URL as GitHub and checks it against the same description", async () => {
    mockGitHub("https://ghe.example.com/api/v3").post("/repos/o/r/check-runs").twice().reply(201, {});

    await postJson("https://ghe.example.com/api/v3/repos/o/r/check-runs", checkRun);
    await postJson("https://ghe.example.com/api/v3/repos/o/r/check-runs", { head_sha: "abc" });

    expect(requests.map((r) => [r.path, r.operationId])).toEqual([
      ["/api/v3/repos/o/r/check-runs", "checks/create"],
      ["/api/v3/repos/o/r/check-runs", "checks/create"],
    ]);
    expect(cleanError()).toContain('POST https://ghe.example.com/api/v3/repos/o/r/check-runs (checks/create)\n      body: {"head_sha":"abc"}\n      - body: missing required property "name"');
  });

  it("ignores hosts that are not GitHub", async () => {
    nock("https://api.openai.com").post("/v1/responses").reply(200, {});

    await postJson("https://api.openai.com/v1/responses", { anything: true });
    await expect(fetch("https://api.openai.com/v1/other")).rejects.toThrow();

    expect(requests).toEqual([]);
    expect(() => assertGitHubClean()).not.toThrow();
  });

  it("sees what Probot's Octokit actually sends", async () => {
    const octokit = new ProbotOctokit({ auth: { token: "test" }, retry: { enabled: false }, throttle: { enabled: false } });
    mockGitHub().post("/repos/o/r/issues/7/labels").reply(200, []);
    mockGitHub().get("/repos/o/r/code-scanning/alerts").query(true).reply(200, []);

    await octokit.rest.issues.addLabels({ owner: "o", repo: "r", issue_number: 7, labels: ["secfix"] });
    await octokit.rest.codeScanning.listAlertsForRepo({ owner: "o", repo: "r", state: "open", per_page: 500 });

    expect(requests.map((r) => [r.operationId, r.body])).toEqual([
      ["issues/add-labels", { labels: ["secfix"] }],
      ["code-scanning/list-alerts-for-repo", undefined],
    ]);
    expect(githubViolations()).toMatchObject([{ path: "/repos/o/r/code-scanning/alerts?state=open&per_page=500" }]);
    resetGitHubMock();
  });
});

describe("useStrictGitHub", () => {
  useStrictGitHub();

  it("passes a test whose GitHub traffic is clean", async () => {
    mockGitHub().post("/repos/o/r/check-runs").reply(201, {});
    await postJson("https://api.github.com/repos/o/r/check-runs", checkRun);
    expect(requests).toHaveLength(1);
  });

  it("starts each test with an empty request log", () => {
    expect(requests).toEqual([]);
  });
});
