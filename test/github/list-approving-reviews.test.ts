import { describe, expect, it } from "vitest";
import { listReviews } from "../../src/github/list-approving-reviews.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const oldHead = "1111111111111111111111111111111111111111";
const newHead = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

function review(id: number, user: { login: string; type: string } | null, state: string, commit_id: string | null, submitted_at?: string) {
  return {
    id,
    node_id: `PRR_kwDO${id}`,
    user: user === null ? null : { login: user.login, id: id + 100, type: user.type },
    body: "",
    state,
    html_url: `https://github.com/acme/api/pull/7#pullrequestreview-${id}`,
    pull_request_url: "https://api.github.com/repos/acme/api/pulls/7",
    author_association: "MEMBER",
    _links: { html: { href: "" }, pull_request: { href: "" } },
    commit_id,
    ...(submitted_at !== undefined && { submitted_at }),
  };
}

describe("listReviews", () => {
  it("returns every review across pages, oldest first, with the commit each was made on", async () => {
    const scope = mockGitHub()
      .get("/repos/acme/api/pulls/7/reviews")
      .query({ per_page: "100" })
      .reply(200, [review(1, { login: "alice", type: "User" }, "APPROVED", oldHead, "2026-05-04T10:00:00Z")], {
        link: '<https://api.github.com/repos/acme/api/pulls/7/reviews?per_page=100&page=2>; rel="next"',
      })
      .get("/repos/acme/api/pulls/7/reviews")
      .query({ per_page: "100", page: "2" })
      .reply(200, [
        review(2, { login: "bob", type: "User" }, "CHANGES_REQUESTED", newHead, "2026-05-04T11:00:00Z"),
        review(3, { login: "renovate[bot]", type: "Bot" }, "COMMENTED", newHead, "2026-05-04T12:00:00Z"),
      ]);

    const reviews = await listReviews(await installationOctokit(), repo, 7);

    expect(reviews).toEqual([
      { id: 1, login: "alice", type: "User", state: "APPROVED", commitId: oldHead, submittedAt: "2026-05-04T10:00:00Z" },
      { id: 2, login: "bob", type: "User", state: "CHANGES_REQUESTED", commitId: newHead, submittedAt: "2026-05-04T11:00:00Z" },
      { id: 3, login: "renovate[bot]", type: "Bot", state: "COMMENTED", commitId: newHead, submittedAt: "2026-05-04T12:00:00Z" },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("keeps reviews of deleted accounts and pending reviews, with nulls for what GitHub leaves out", async () => {
    mockGitHub()
      .get("/repos/acme/api/pulls/7/reviews")
      .query({ per_page: "100" })
      .reply(200, [review(4, null, "APPROVED", null, "2026-05-04T10:00:00Z"), review(5, { login: "carol", type: "User" }, "PENDING", newHead)]);

    expect(await listReviews(await installationOctokit(), repo, 7)).toEqual([
      { id: 4, login: null, type: null, state: "APPROVED", commitId: null, submittedAt: "2026-05-04T10:00:00Z" },
      { id: 5, login: "carol", type: "User", state: "PENDING", commitId: newHead, submittedAt: null },
    ]);
  });

  it("returns no reviews for a pull request nobody reviewed", async () => {
    mockGitHub().get("/repos/acme/api/pulls/7/reviews").query({ per_page: "100" }).reply(200, []);
    expect(await listReviews(await installationOctokit(), repo, 7)).toEqual([]);
  });

  it("rethrows when the pull request is missing", async () => {
    mockGitHub().get("/repos/acme/api/pulls/7/reviews").query({ per_page: "100" }).reply(404, { message: "Not Found", status: "404" });
    await expect(listReviews(await installationOctokit(), repo, 7)).rejects.toMatchObject({ status: 404 });
  });
});
