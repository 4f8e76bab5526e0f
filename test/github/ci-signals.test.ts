import { describe, expect, it } from "vitest";
import { listCheckRuns, listCommitStatuses } from "../../src/github/ci-signals.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const sha = "ce587453ced02b1526dfb4cb910479d431683101";

/** A check run shaped like GitHub's `checks/list-for-ref` example. */
function checkRun(id: number, name: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    head_sha: sha,
    node_id: `MDg6Q2hlY2tSdW4${id}`,
    external_id: "",
    url: `https://api.github.com/repos/acme/api/check-runs/${id}`,
    html_url: `https://github.com/acme/api/runs/${id}`,
    details_url: `https://ci.example.com/runs/${id}`,
    status: "completed",
    conclusion: "success",
    started_at: "2024-05-04T01:14:52Z",
    completed_at: "2024-05-04T01:16:10Z",
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `https://api.github.com/repos/acme/api/check-runs/${id}/annotations` },
    name,
    check_suite: { id: 5 },
    app: {
      id: 15368,
      slug: "github-actions",
      node_id: "MDM6QXBwMTUzNjg=",
      owner: { login: "github", id: 9919, type: "Organization", site_admin: false },
      name: "GitHub Actions",
      description: "Automate your workflow from idea to production",
      external_url: "https://help.github.com/en/actions",
      html_url: "https://github.com/apps/github-actions",
      created_at: "2018-07-30T09:30:17Z",
      updated_at: "2019-12-10T19:04:12Z",
      permissions: { checks: "write", contents: "write", metadata: "read" },
      events: ["check_run", "push", "pull_request"],
    },
    pull_requests: [],
    ...overrides,
  };
}

function status(id: number, context: string, state: string, targetUrl: string | null) {
  return {
    url: `https://api.github.com/repos/acme/api/statuses/${sha}`,
    avatar_url: "https://github.com/images/error/hubot_happy.gif",
    id,
    node_id: `MDY6U3RhdHVz${id}`,
    state,
    description: `${context} is ${state}`,
    target_url: targetUrl,
    context,
    created_at: "2024-05-04T01:19:13Z",
    updated_at: "2024-05-04T01:19:13Z",
  };
}

function combinedStatus(statuses: ReturnType<typeof status>[], totalCount: number) {
  return {
    state: "pending",
    statuses,
    sha,
    total_count: totalCount,
    repository: { id: 1296269, name: "api", full_name: "acme/api", owner: { login: "acme", id: 1, type: "Organization" }, private: true },
    commit_url: `https://api.github.com/repos/acme/api/commits/${sha}`,
    url: `https://api.github.com/repos/acme/api/commits/${sha}/status`,
  };
}

describe("listCheckRuns", () => {
  it("maps every page of the latest check runs to CI signals, in GitHub's order", async () => {
    const page2 = `https://api.github.com/repos/acme/api/commits/${sha}/check-runs?filter=latest&per_page=100&page=2`;
    mockGitHub()
      .get(`/repos/acme/api/commits/${sha}/check-runs`)
      .query({ filter: "latest", per_page: "100" })
      .reply(200, { total_count: 3, check_runs: [checkRun(4, "test"), checkRun(5, "lint", { status: "in_progress", conclusion: null })] }, { link: `<${page2}>; rel="next", <${page2}>; rel="last"` })
      .get(`/repos/acme/api/commits/${sha}/check-runs`)
      .query({ filter: "latest", per_page: "100", page: "2" })
      .reply(200, { total_count: 3, check_runs: [checkRun(6, "CodeQL", { conclusion: "failure" })] });

    const runs = await listCheckRuns(await installationOctokit(), repo, sha);

    expect(runs).toEqual([
      { name: "test", appId: 15368, appSlug: "github-actions", status: "completed", conclusion: "success", url: "https://github.com/acme/api/runs/4" },
      { name: "lint", appId: 15368, appSlug: "github-actions", status: "in_progress", conclusion: null, url: "https://github.com/acme/api/runs/5" },
      { name: "CodeQL", appId: 15368, appSlug: "github-actions", status: "completed", conclusion: "failure", url: "https://github.com/acme/api/runs/6" },
    ]);
  });

  it("keeps a run without an app or a GitHub page: app unknown, the integrator's details URL", async () => {
    mockGitHub()
      .get(`/repos/acme/api/commits/${sha}/check-runs`)
      .query({ filter: "latest", per_page: "100" })
      .reply(200, { total_count: 1, check_runs: [checkRun(7, "legacy", { app: null, html_url: null, status: "queued", conclusion: null })] });

    const runs = await listCheckRuns(await installationOctokit(), repo, sha);

    expect(runs).toEqual([{ name: "legacy", appId: null, appSlug: null, status: "queued", conclusion: null, url: "https://ci.example.com/runs/7" }]);
  });

  it("answers no runs for a commit nothing has checked yet", async () => {
    mockGitHub().get(`/repos/acme/api/commits/${sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    await expect(listCheckRuns(await installationOctokit(), repo, sha)).resolves.toEqual([]);
  });

  it("lets a missing commit fail loudly rather than read as 'no CI'", async () => {
    mockGitHub().get(`/repos/acme/api/commits/${sha}/check-runs`).query(true).reply(422, { message: "No commit found for SHA: " + sha });
    await expect(listCheckRuns(await installationOctokit(), repo, sha)).rejects.toMatchObject({ status: 422 });
  });
});

describe("listCommitStatuses", () => {
  it("maps the latest status of each context, with its target URL", async () => {
    mockGitHub()
      .get(`/repos/acme/api/commits/${sha}/status`)
      .query({ per_page: "100", page: "1" })
      .reply(200, combinedStatus([status(1, "ci/jenkins", "success", "https://ci.example.com/1000/output"), status(2, "security/brakeman", "pending", null)], 2));

    const statuses = await listCommitStatuses(await installationOctokit(), repo, sha);

    expect(statuses).toEqual([
      { context: "ci/jenkins", state: "success", url: "https://ci.example.com/1000/output" },
      { context: "security/brakeman", state: "pending", url: null },
    ]);
  });

  it("follows pages until total_count statuses are read", async () => {
    const first = Array.from({ length: 100 }, (_, i) => status(i + 1, `ctx-${i + 1}`, "success", null));
    mockGitHub()
      .get(`/repos/acme/api/commits/${sha}/status`)
      .query({ per_page: "100", page: "1" })
      .reply(200, combinedStatus(first, 101))
      .get(`/repos/acme/api/commits/${sha}/status`)
      .query({ per_page: "100", page: "2" })
      .reply(200, combinedStatus([status(101, "ctx-101", "error", "https://ci.example.com/101")], 101));

    const statuses = await listCommitStatuses(await installationOctokit(), repo, sha);

    expect(statuses).toHaveLength(101);
    expect(statuses.at(-1)).toEqual({ context: "ctx-101", state: "error", url: "https://ci.example.com/101" });
  });

  it("stops when a page comes back empty even if total_count promised more", async () => {
    mockGitHub()
      .get(`/repos/acme/api/commits/${sha}/status`)
      .query({ per_page: "100", page: "1" })
      .reply(200, combinedStatus(Array.from({ length: 100 }, (_, i) => status(i + 1, `ctx-${i + 1}`, "failure", null)), 150))
      .get(`/repos/acme/api/commits/${sha}/status`)
      .query({ per_page: "100", page: "2" })
      .reply(200, combinedStatus([], 150));

    const statuses = await listCommitStatuses(await installationOctokit(), repo, sha);
    expect(statuses).toHaveLength(100);
  });

  it("answers no statuses for a commit with none", async () => {
    mockGitHub().get(`/repos/acme/api/commits/${sha}/status`).query(true).reply(200, combinedStatus([], 0));
    await expect(listCommitStatuses(await installationOctokit(), repo, sha)).resolves.toEqual([]);
  });

  it("throws a 404 for an unknown commit", async () => {
    mockGitHub().get(`/repos/acme/api/commits/${sha}/status`).query(true).reply(404, { message: "Not Found" });
    await expect(listCommitStatuses(await installationOctokit(), repo, sha)).rejects.toMatchObject({ status: 404 });
  });
});
