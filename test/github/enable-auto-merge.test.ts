import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enableAutoMerge } from "../../src/github/enable-auto-merge.js";
import { githubViolations, mockGitHub, pendingGitHubMocks, resetGitHubMock, unmatchedGitHubRequests } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

// useStrictGitHub() checks requests against GitHub's REST description, which has no /graphql, so
// it flags every GraphQL call. Until the shared mock knows GraphQL, this file keeps the rest of
// the strictness (unmatched requests, unused interceptors, other REST violations) by hand.
beforeEach(resetGitHubMock);
afterEach(() => {
  try {
    const violations = githubViolations().filter((v) => !(v.method === "POST" && new URL(v.url).pathname === "/graphql"));
    expect(violations).toEqual([]);
    expect(unmatchedGitHubRequests()).toEqual([]);
    expect(pendingGitHubMocks()).toEqual([]);
  } finally {
    nock.cleanAll();
  }
});

const pullNodeId = "PR_kwDOABCD1234zM5abcde";
const headSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}

function refusal(message: string, type = "UNPROCESSABLE") {
  return {
    data: { enablePullRequestAutoMerge: null },
    errors: [{ type, path: ["enablePullRequestAutoMerge"], locations: [{ line: 2, column: 3 }], message }],
  };
}

async function enable(method: "merge" | "squash" | "rebase" = "squash") {
  return enableAutoMerge(await installationOctokit(), { pullNodeId, method, expectedHeadOid: headSha });
}

describe("enableAutoMerge", () => {
  it("enables auto-merge pinned to the expected head with the method in GitHub's enum", async () => {
    let sent: GraphqlBody | undefined;
    const scope = mockGitHub()
      .post("/graphql", (body: GraphqlBody) => {
        sent = body;
        return true;
      })
      .reply(200, { data: { enablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: { enabledAt: "2026-05-04T10:00:00Z" } } } } });

    expect(await enable("squash")).toEqual({ status: "enabled" });
    expect(sent?.variables).toEqual({ pullRequestId: pullNodeId, mergeMethod: "SQUASH", expectedHeadOid: headSha });
    expect(sent?.query).toMatch(/enablePullRequestAutoMerge\(input: \{pullRequestId: \$pullRequestId, mergeMethod: \$mergeMethod, expectedHeadOid: \$expectedHeadOid\}\)/);
    expect(scope.isDone()).toBe(true);
  });

  it("reports not_allowed when the repository has auto-merge switched off", async () => {
    mockGitHub().post("/graphql").reply(200, refusal("Pull request Auto merge is not allowed for this repository"));
    expect(await enable()).toEqual({ status: "not_allowed", message: "Pull request Auto merge is not allowed for this repository" });
  });

  it("reports clean when nothing is left to wait for, so the caller merges directly", async () => {
    mockGitHub().post("/graphql").reply(200, refusal("Pull request Pull request is in clean status"));
    expect(await enable("merge")).toEqual({ status: "clean", message: "Pull request Pull request is in clean status" });
  });

  it("treats the unstable status (only optional checks failing) as mergeable now too", async () => {
    mockGitHub().post("/graphql").reply(200, refusal("Pull request Pull request is in unstable status"));
    expect(await enable()).toEqual({ status: "clean", message: "Pull request Pull request is in unstable status" });
  });

  it("reports head_moved when the pull request's head is no longer the expected one", async () => {
    mockGitHub().post("/graphql").reply(200, refusal("Head branch was modified. Review and try the merge again."));
    expect(await enable()).toEqual({ status: "head_moved", message: "Head branch was modified. Review and try the merge again." });
  });

  it("reports any other GraphQL refusal as failed with GitHub's words", async () => {
    mockGitHub()
      .post("/graphql")
      .reply(200, refusal("Resource not accessible by integration", "FORBIDDEN"));
    expect(await enable()).toEqual({ status: "failed", message: "Resource not accessible by integration" });
  });

  it("joins several GraphQL errors into one message", async () => {
    mockGitHub()
      .post("/graphql")
      .reply(200, {
        data: null,
        errors: [
          { type: "UNPROCESSABLE", message: "Pull request is in draft state" },
          { type: "UNPROCESSABLE", message: "Pull request is closed" },
        ],
      });
    expect(await enable()).toEqual({ status: "failed", message: "Pull request is in draft state; Pull request is closed" });
  });

  it("reports failed when GitHub answers without an auto-merge request on the pull request", async () => {
    mockGitHub()
      .post("/graphql")
      .reply(200, { data: { enablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: null } } } });
    expect(await enable()).toMatchObject({ status: "failed" });
  });

  it("rethrows HTTP failures so the job can retry them", async () => {
    mockGitHub().post("/graphql").reply(502, { message: "Server Error" });
    await expect(enable()).rejects.toMatchObject({ status: 502 });
  });
});
