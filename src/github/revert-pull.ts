import type { GitHubClient } from "./github-client.js";
import { graphqlErrorMessages } from "./graphql-error-messages.js";

export type RevertResult = { status: "opened"; number: number; url: string } | { status: "refused"; message: string };

const REVERT_PULL = `mutation($pullRequestId: ID!, $title: String, $body: String) {
  revertPullRequest(input: {pullRequestId: $pullRequestId, title: $title, body: $body}) {
    revertPullRequest { number url }
  }
}`;

interface RevertPullData {
  revertPullRequest: { revertPullRequest: { number: number; url: string } | null } | null;
}

/** Opens GitHub's own revert of a merged pull request (GraphQL only; there is no REST call). */
export async function revertPull(github: GitHubClient, input: { pullNodeId: string; title: string; body: string }): Promise<RevertResult> {
  let data: RevertPullData;
  try {
    data = await github.graphql<RevertPullData>(REVERT_PULL, { pullRequestId: input.pullNodeId, title: input.title, body: input.body });
  } catch (error) {
    const messages = graphqlErrorMessages(error);
    if (messages === undefined) throw error;
    return { status: "refused", message: messages.join("; ") };
  }
  const pull = data.revertPullRequest?.revertPullRequest;
  if (!pull) return { status: "refused", message: "GitHub accepted the request but returned no revert pull request" };
  return { status: "opened", number: pull.number, url: pull.url };
}
