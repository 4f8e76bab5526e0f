import { describe, expect, it } from "vitest";
import { getPullDetails } from "../../src/github/get-pull-details.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };

function user(login: string, id: number, type: "User" | "Bot") {
  return { login, id, node_id: `MDQ6VXNlcj${id}`, avatar_url: `https://avatars.githubusercontent.com/u/${id}`, gravatar_id: "", url: `https://api.github.com/users/${encodeURIComponent(login)}`, html_url: `https://github.com/${login}`, type, site_admin: false };
}

function repository(fullName: string) {
  const [owner, name] = fullName.split("/") as [string, string];
  return { id: 1296269, node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", name, full_name: fullName, owner: user(owner, 1, "User"), private: false, html_url: `https://github.com/${fullName}`, url: `https://api.github.com/repos/${fullName}`, default_branch: "main" };
}

/** `pulls/get`, shaped like GitHub's example and trimmed of link fields we do not read. */
function pull(overrides: Record<string, unknown> = {}) {
  return {
    url: "https://api.github.com/repos/acme/api/pulls/1347",
    id: 1,
    node_id: "MDExOlB1bGxSZXF1ZXN0MQ==",
    html_url: "https://github.com/acme/api/pull/1347",
    number: 1347,
    state: "open",
    locked: false,
    title: "Bump lodash from 4.17.20 to 4.17.21 (GHSA-35jh-r3h4-6jhm)",
    user: user("secfix[bot]", 990001, "Bot"),
    body: "Fixes a command injection.",
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: "2024-01-26T19:01:12Z",
    updated_at: "2024-01-26T19:01:12Z",
    closed_at: null,
    merged_at: null,
    merge_commit_sha: "e5bd3914e2e596debea16f433f57875b5b90bcd6",
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: "acme:secfix/npm/lodash", ref: "secfix/npm/lodash", sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e", user: user("acme", 1, "User"), repo: repository("acme/api") },
    base: { label: "acme:main", ref: "main", sha: "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d", user: user("acme", 1, "User"), repo: repository("acme/api") },
    author_association: "NONE",
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 2,
    deletions: 2,
    changed_files: 2,
    ...overrides,
  };
}

describe("getPullDetails", () => {
  it("reads the pull request's state, head, base, author and mergeability", async () => {
    mockGitHub().get("/repos/acme/api/pulls/1347").reply(200, pull());

    const details = await getPullDetails(await installationOctokit(), repo, 1347);

    expect(details).toEqual({
      number: 1347,
      nodeId: "MDExOlB1bGxSZXF1ZXN0MQ==",
      state: "open",
      merged: false,
      draft: false,
      headSha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      headRef: "secfix/npm/lodash",
      headRepoFullName: "acme/api",
      baseRef: "main",
      baseSha: "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d",
      authorLogin: "secfix[bot]",
      authorType: "Bot",
      authorId: 990001,
      mergeable: true,
      mergeableState: "clean",
      mergeCommitSha: "e5bd3914e2e596debea16f433f57875b5b90bcd6",
      url: "https://github.com/acme/api/pull/1347",
      title: "Bump lodash from 4.17.20 to 4.17.21 (GHSA-35jh-r3h4-6jhm)",
    });
  });

  it("keeps mergeability unknown while GitHub is still computing it, and a draft a draft", async () => {
    mockGitHub().get("/repos/acme/api/pulls/1347").reply(200, pull({ mergeable: null, mergeable_state: "unknown", draft: true, merge_commit_sha: null }));

    const details = await getPullDetails(await installationOctokit(), repo, 1347);

    expect(details).toMatchObject({ mergeable: null, mergeableState: "unknown", draft: true, mergeCommitSha: null });
  });

  it("reads a merged pull request from a deleted fork", async () => {
    mockGitHub()
      .get("/repos/acme/api/pulls/1347")
      .reply(
        200,
        pull({
          state: "closed",
          merged: true,
          merged_at: "2024-01-27T10:00:00Z",
          closed_at: "2024-01-27T10:00:00Z",
          mergeable: null,
          head: { label: "ghost:patch-1", ref: "patch-1", sha: "1111111111111111111111111111111111111111", user: user("ghost", 10137, "User"), repo: null },
          user: user("alice", 583231, "User"),
        }),
      );

    const details = await getPullDetails(await installationOctokit(), repo, 1347);

    expect(details).toMatchObject({ state: "closed", merged: true, headRepoFullName: null, headRef: "patch-1", authorLogin: "alice", authorType: "User", authorId: 583231 });
  });

  it("throws a 404 for a pull request that does not exist", async () => {
    mockGitHub().get("/repos/acme/api/pulls/9999").reply(404, { message: "Not Found" });
    await expect(getPullDetails(await installationOctokit(), repo, 9999)).rejects.toMatchObject({ status: 404 });
  });
});
