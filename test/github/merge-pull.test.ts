import { describe, expect, it } from "vitest";
import { mergePull } from "../../src/github/merge-pull.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const headSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const docs = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";

function refuse(status: number, message: string) {
  mockGitHub().put("/repos/acme/api/pulls/7/merge").reply(status, { message, documentation_url: docs, status: String(status) });
}

describe("mergePull", () => {
  it("merges with the head sha guard and the chosen method, returning the merge commit", async () => {
    let sent: unknown;
    const scope = mockGitHub()
      .put("/repos/acme/api/pulls/7/merge", (body) => {
        sent = body;
        return true;
      })
      .reply(200, { sha: "e5bd3914e2e596debea16f433f57875b5b90bcd6", merged: true, message: "Pull Request successfully merged" });

    const result = await mergePull(await installationOctokit(), repo, {
      number: 7,
      sha: headSha,
      method: "squash",
      title: "fix(deps): bump lodash to 4.17.21 (#7)",
      message: "Fixes GHSA-35jh-r3h4-6jhm.",
    });

    expect(result).toEqual({ status: "merged", sha: "e5bd3914e2e596debea16f433f57875b5b90bcd6" });
    expect(sent).toEqual({
      sha: headSha,
      merge_method: "squash",
      commit_title: "fix(deps): bump lodash to 4.17.21 (#7)",
      commit_message: "Fixes GHSA-35jh-r3h4-6jhm.",
    });
    expect(scope.isDone()).toBe(true);
  });

  it("sends no commit title or message when none is given, leaving GitHub's defaults", async () => {
    mockGitHub()
      .put("/repos/acme/api/pulls/7/merge", { sha: headSha, merge_method: "rebase" })
      .reply(200, { sha: "a".repeat(40), merged: true, message: "Pull Request successfully merged" });

    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "rebase" });
    expect(result).toEqual({ status: "merged", sha: "a".repeat(40) });
  });

  it("reports head_moved when someone pushed after the gates judged the sha (409)", async () => {
    refuse(409, "Head branch was modified. Review and try the merge again.");
    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "squash" });
    expect(result).toEqual({ status: "head_moved", message: "Head branch was modified. Review and try the merge again." });
  });

  it("reports not_mergeable when protection still blocks the merge (405)", async () => {
    refuse(405, "At least 1 approving review is required by reviewers with write access.");
    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "squash" });
    expect(result).toEqual({ status: "not_mergeable", message: "At least 1 approving review is required by reviewers with write access." });
  });

  it("reports not_mergeable for GitHub's plain 'Pull Request is not mergeable' (405)", async () => {
    refuse(405, "Pull Request is not mergeable");
    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "merge" });
    expect(result).toEqual({ status: "not_mergeable", message: "Pull Request is not mergeable" });
  });

  it.each([
    ["merge", "Merge commits are not allowed on this repository."],
    ["squash", "Squash merges are not allowed on this repository."],
    ["rebase", "Rebase merges are not allowed on this repository."],
  ] as const)("reports method_not_allowed when the repository forbids %s (405)", async (method, message) => {
    refuse(405, message);
    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method });
    expect(result).toEqual({ status: "method_not_allowed", message });
  });

  it("reports conflict when GitHub cannot merge the branches (422)", async () => {
    refuse(422, "Merge conflict");
    const result = await mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "squash" });
    expect(result).toEqual({ status: "conflict", message: "Merge conflict" });
  });

  it("rethrows a permission failure, which is not a merge outcome", async () => {
    refuse(403, "Resource not accessible by integration");
    await expect(mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "squash" })).rejects.toMatchObject({ status: 403 });
  });

  it("rethrows a missing pull request (404)", async () => {
    refuse(404, "Not Found");
    await expect(mergePull(await installationOctokit(), repo, { number: 7, sha: headSha, method: "squash" })).rejects.toMatchObject({ status: 404 });
  });
});
