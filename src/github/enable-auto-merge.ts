import type { GitHubClient } from "./github-client.js";
import { graphqlErrorMessages } from "./graphql-error-messages.js";
import type { MergeMethod } from "./merge-pull.js";

export type AutoMergeResult =
  | { status: "enabled" }
  | { status: "not_allowed"; message: string }
  | { status: "clean"; message: string }
  | { status: "head_moved"; message: string }
  | { status: "failed"; message: string };

// Variable names avoid `method`, `query` and `url`: @octokit/graphql treats those as request
// options and refuses them as variables.
const ENABLE_AUTO_MERGE = `mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!, $expectedHeadOid: GitObjectID) {
  enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod: $mergeMethod, expectedHeadOid: $expectedHeadOid}) {
    pullRequest { autoMergeRequest { enabledAt } }
  }
}`;

interface EnableAutoMergeData {
  enablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: { enabledAt: string } | null } | null } | null;
}

// GitHub's texts as observed in the wild (they carry a doubled "Pull request Pull request ..."
// prefix at times), so each is matched as a case-insensitive fragment:
//   "Auto merge is not allowed for this repository"            - the repository setting is off
//   "Pull request is in clean status" / "... unstable status"  - nothing to wait for: it can merge now
//   "Head branch was modified. Review and try the merge again." - expectedHeadOid no longer matches
const NOT_ALLOWED = /auto[- ]?merge is not allowed/i;
const MERGEABLE_NOW = /is in (clean|unstable|has_hooks) status/i;
const HEAD_MOVED = /head branch was modified|expected head|head (sha|oid)\b.*\b(match|differ)/i;

/**
 * Asks GitHub to merge the pull request once its requirements are met, pinned to the head the
 * gates judged. GraphQL refusals become a status; transport failures (HTTP errors, network) are
 * rethrown so the job's retry policy sees them.
 */
export async function enableAutoMerge(
  github: GitHubClient,
  input: { pullNodeId: string; method: MergeMethod; expectedHeadOid: string },
): Promise<AutoMergeResult> {
  let data: EnableAutoMergeData;
  try {
    data = await github.graphql<EnableAutoMergeData>(ENABLE_AUTO_MERGE, {
      pullRequestId: input.pullNodeId,
      mergeMethod: input.method.toUpperCase(),
      expectedHeadOid: input.expectedHeadOid,
    });
  } catch (error) {
    const messages = graphqlErrorMessages(error);
    if (messages === undefined) throw error;
    const message = messages.join("; ");
    if (NOT_ALLOWED.test(message)) return { status: "not_allowed", message };
    if (HEAD_MOVED.test(message)) return { status: "head_moved", message };
    if (MERGEABLE_NOW.test(message)) return { status: "clean", message };
    return { status: "failed", message };
  }
  if (data.enablePullRequestAutoMerge?.pullRequest?.autoMergeRequest == null) {
    return { status: "failed", message: "GitHub accepted the request but reports no auto-merge request on the pull request" };
  }
  return { status: "enabled" };
}
