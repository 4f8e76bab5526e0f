import { describe, expect, it } from "vitest";
import { getRepoMergeSettings } from "../../src/github/repo-merge-settings.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };

/** `repos/get`, shaped like GitHub's example and trimmed of link fields we do not read. */
function repository(ownerType: string, settings: Record<string, unknown>) {
  return {
    id: 1296269,
    node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
    name: "api",
    full_name: "acme/api",
    owner: { login: "acme", id: 1, node_id: "MDQ6VXNlcjE=", avatar_url: "https://github.com/images/error/octocat_happy.gif", gravatar_id: "", url: "https://api.github.com/users/acme", html_url: "https://github.com/acme", type: ownerType, site_admin: false },
    private: true,
    html_url: "https://github.com/acme/api",
    description: "The API",
    fork: false,
    url: "https://api.github.com/repos/acme/api",
    default_branch: "main",
    visibility: "private",
    archived: false,
    disabled: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    pushed_at: "2024-01-26T19:06:43Z",
    created_at: "2020-01-26T19:01:12Z",
    updated_at: "2024-01-26T19:14:43Z",
    ...settings,
  };
}

describe("getRepoMergeSettings", () => {
  it("reads auto-merge, the allowed merge methods and branch deletion", async () => {
    mockGitHub()
      .get("/repos/acme/api")
      .reply(200, repository("Organization", { allow_auto_merge: true, allow_merge_commit: false, allow_squash_merge: true, allow_rebase_merge: true, delete_branch_on_merge: true }));

    await expect(getRepoMergeSettings(await installationOctokit(), repo)).resolves.toEqual({
      allowAutoMerge: true,
      allowedMethods: ["squash", "rebase"],
      deleteBranchOnMerge: true,
      ownerType: "Organization",
    });
  });

  it("reads absent settings as GitHub's defaults: auto-merge off, every merge method on", async () => {
    mockGitHub().get("/repos/acme/api").reply(200, repository("User", {}));

    await expect(getRepoMergeSettings(await installationOctokit(), repo)).resolves.toEqual({
      allowAutoMerge: false,
      allowedMethods: ["squash", "merge", "rebase"],
      deleteBranchOnMerge: false,
      ownerType: "User",
    });
  });

  it("answers no method when the repository allows none secfix can use", async () => {
    mockGitHub()
      .get("/repos/acme/api")
      .reply(200, repository("Organization", { allow_auto_merge: false, allow_merge_commit: false, allow_squash_merge: false, allow_rebase_merge: false }));

    const settings = await getRepoMergeSettings(await installationOctokit(), repo);
    expect(settings.allowedMethods).toEqual([]);
  });

  it("throws a 404 for a repository the installation cannot see", async () => {
    mockGitHub().get("/repos/acme/api").reply(404, { message: "Not Found" });
    await expect(getRepoMergeSettings(await installationOctokit(), repo)).rejects.toMatchObject({ status: 404 });
  });
});
