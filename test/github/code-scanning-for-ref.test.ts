import { describe, expect, it } from "vitest";
import { latestAnalysis, openAlertsForRef, pullRequestRefs } from "../../src/github/code-scanning-for-ref.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const mergeSha = "d99612c3e1f2970085cfbaeadf8f010ef69bad83";
const olderSha = "c8cff6510d4d084fb1b4aa13b64b97ca12b07321";

/** One entry of `code-scanning/list-recent-analyses`, shaped like GitHub's example. */
function analysis(id: number, commitSha: string, createdAt: string, overrides: Record<string, unknown> = {}) {
  return {
    ref: "refs/pull/7/merge",
    commit_sha: commitSha,
    analysis_key: ".github/workflows/codeql.yml:analyze",
    environment: '{"language":"javascript"}',
    error: "",
    category: "/language:javascript-typescript",
    created_at: createdAt,
    results_count: 3,
    rules_count: 49,
    id,
    url: `https://api.github.com/repos/acme/api/code-scanning/analyses/${id}`,
    sarif_id: "6c81cd8e-b078-4ac3-a3be-1dad7dbd0b53",
    tool: { name: "CodeQL", guid: null, version: "2.17.0" },
    deletable: true,
    warning: "",
    ...overrides,
  };
}

/** One entry of `code-scanning/list-alerts-for-repo`, shaped like GitHub's example. */
function alert(number: number, rule: Record<string, unknown>, location: Record<string, unknown> | null) {
  return {
    number,
    created_at: "2024-02-13T12:29:18Z",
    url: `https://api.github.com/repos/acme/api/code-scanning/alerts/${number}`,
    html_url: `https://github.com/acme/api/security/code-scanning/${number}`,
    state: "open",
    fixed_at: null,
    dismissed_by: null,
    dismissed_at: null,
    dismissed_reason: null,
    dismissed_comment: null,
    rule: { tags: ["security"], description: "a rule", ...rule },
    tool: { name: "CodeQL", guid: null, version: "2.17.0" },
    most_recent_instance:
      location === null
        ? null
        : {
            ref: "refs/pull/7/merge",
            analysis_key: ".github/workflows/codeql.yml:analyze",
            environment: "{}",
            state: "open",
            commit_sha: mergeSha,
            message: { text: "This path depends on a user-provided value." },
            location,
            classifications: [],
          },
    instances_url: `https://api.github.com/repos/acme/api/code-scanning/alerts/${number}/instances`,
  };
}

describe("pullRequestRefs", () => {
  it("names the merge ref first, then the head ref", () => {
    expect(pullRequestRefs(42)).toEqual(["refs/pull/42/merge", "refs/pull/42/head"]);
  });
});

describe("latestAnalysis", () => {
  it("answers the newest analysis of the ref at the given commit", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query({ ref: "refs/pull/7/merge", per_page: "100" })
      .reply(200, [
        analysis(203, mergeSha, "2024-05-02T10:00:00Z", { tool: { name: "Semgrep", guid: null, version: "1.0" } }),
        analysis(202, mergeSha, "2024-05-02T09:59:00Z"),
        analysis(201, olderSha, "2024-05-01T08:00:00Z"),
      ]);

    const result = await latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha);

    expect(result).toEqual({ status: "ok", analysis: { commitSha: mergeSha, createdAt: "2024-05-02T10:00:00Z", tool: "Semgrep" } });
  });

  it("answers null while only older commits of the ref have been analysed", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query({ ref: "refs/pull/7/merge", per_page: "100" })
      .reply(200, [analysis(201, olderSha, "2024-05-01T08:00:00Z")]);

    await expect(latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha)).resolves.toEqual({ status: "ok", analysis: null });
  });

  it("skips an analysis whose upload failed", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query(true)
      .reply(200, [analysis(204, mergeSha, "2024-05-02T10:00:00Z", { error: "error reading field xyz" }), analysis(202, mergeSha, "2024-05-02T09:00:00Z")]);

    const result = await latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha);
    expect(result).toEqual({ status: "ok", analysis: { commitSha: mergeSha, createdAt: "2024-05-02T09:00:00Z", tool: "CodeQL" } });
  });

  it("reads further pages until the commit's analysis turns up", async () => {
    const page2 = "https://api.github.com/repos/acme/api/code-scanning/analyses?ref=refs%2Fpull%2F7%2Fhead&per_page=100&page=2";
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query({ ref: "refs/pull/7/head", per_page: "100" })
      .reply(200, [analysis(300, olderSha, "2024-05-03T00:00:00Z")], { link: `<${page2}>; rel="next"` })
      .get("/repos/acme/api/code-scanning/analyses")
      .query({ ref: "refs/pull/7/head", per_page: "100", page: "2" })
      .reply(200, [analysis(120, mergeSha, "2024-04-01T00:00:00Z")]);

    const result = await latestAnalysis(await installationOctokit(), repo, "refs/pull/7/head", mergeSha);
    expect(result).toMatchObject({ status: "ok", analysis: { createdAt: "2024-04-01T00:00:00Z" } });
  });

  it("treats GitHub's 'no analysis found' as nothing analysed yet, not as code scanning being off", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query(true)
      .reply(404, { message: "no analysis found", documentation_url: "https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-analyses-for-a-repository", status: "404" });

    await expect(latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha)).resolves.toEqual({ status: "ok", analysis: null });
  });

  it("answers unavailable when Advanced Security is off or the app may not read code scanning", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query(true)
      .reply(403, { message: "Advanced Security must be enabled for this repository to use code scanning." });

    const result = await latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha);

    expect(result).toEqual({ status: "unavailable", reason: expect.stringContaining("code scanning is not enabled or the app may not read it (403: Advanced Security must be enabled") });
  });

  it("answers unavailable for any other 404", async () => {
    mockGitHub().get("/repos/acme/api/code-scanning/analyses").query(true).reply(404, { message: "Not Found" });

    const result = await latestAnalysis(await installationOctokit(), repo, "refs/pull/7/merge", mergeSha);

    expect(result).toEqual({ status: "unavailable", reason: expect.stringContaining("code scanning analyses of refs/pull/7/merge could not be found (404: Not Found") });
  });

  it("throws a rate limit and a server error: neither says whether the commit was analysed", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/analyses")
      .query(true)
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." })
      .get("/repos/acme/api/code-scanning/analyses")
      .query(true)
      .reply(503, { message: "Service unavailable" });
    const github = await installationOctokit();

    await expect(latestAnalysis(github, repo, "refs/pull/7/merge", mergeSha)).rejects.toMatchObject({ status: 403 });
    await expect(latestAnalysis(github, repo, "refs/pull/7/merge", mergeSha)).rejects.toMatchObject({ status: 503 });
  });
});

describe("openAlertsForRef", () => {
  it("lists every page of open alerts on the ref with rule, place and security severity", async () => {
    const page2 = "https://api.github.com/repos/acme/api/code-scanning/alerts?state=open&per_page=100&ref=refs%2Fpull%2F7%2Fmerge&page=2";
    mockGitHub()
      .get("/repos/acme/api/code-scanning/alerts")
      .query({ state: "open", per_page: "100", ref: "refs/pull/7/merge" })
      .reply(200, [alert(4, { id: "js/zipslip", name: "js/zipslip", severity: "error", security_severity_level: "high" }, { path: "src/unzip.ts", start_line: 17, end_line: 17, start_column: 7, end_column: 18 })], {
        link: `<${page2}>; rel="next"`,
      })
      .get("/repos/acme/api/code-scanning/alerts")
      .query({ state: "open", per_page: "100", ref: "refs/pull/7/merge", page: "2" })
      .reply(200, [alert(9, { id: "js/unused-local-variable", name: "js/unused-local-variable", severity: "note" }, { path: "src/a.ts", start_line: 3 })]);

    const alerts = await openAlertsForRef(await installationOctokit(), repo, "refs/pull/7/merge");

    expect(alerts).toEqual([
      { number: 4, ruleId: "js/zipslip", path: "src/unzip.ts", line: 17, severity: "high" },
      { number: 9, ruleId: "js/unused-local-variable", path: "src/a.ts", line: 3, severity: "note" },
    ]);
  });

  it("asks about the default branch when no ref is given, and keeps alerts without a location", async () => {
    mockGitHub()
      .get("/repos/acme/api/code-scanning/alerts")
      .query({ state: "open", per_page: "100" })
      .reply(200, [alert(5, { id: "py/sql-injection", severity: "error", security_severity_level: null }, null), alert(6, { id: null, name: "custom-rule", severity: null }, {})]);

    const alerts = await openAlertsForRef(await installationOctokit(), repo, null);

    expect(alerts).toEqual([
      { number: 5, ruleId: "py/sql-injection", path: null, line: null, severity: "error" },
      { number: 6, ruleId: "custom-rule", path: null, line: null, severity: null },
    ]);
  });

  it("throws when code scanning cannot be read", async () => {
    mockGitHub().get("/repos/acme/api/code-scanning/alerts").query(true).reply(403, { message: "Advanced Security must be enabled for this repository to use code scanning." });
    await expect(openAlertsForRef(await installationOctokit(), repo, "refs/pull/7/merge")).rejects.toMatchObject({ status: 403 });
  });
});
