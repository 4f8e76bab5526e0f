import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { requestErrorMessage, requestErrorStatus } from "./request-error-details.js";

export type MergeMethod = "merge" | "squash" | "rebase";

export type MergeResult =
  | { status: "merged"; sha: string }
  | { status: "head_moved"; message: string }
  | { status: "not_mergeable"; message: string }
  | { status: "conflict"; message: string }
  | { status: "method_not_allowed"; message: string };

// GitHub answers 405 both for "this PR cannot merge yet" and for "this repository (or a ruleset's
// allowed_merge_methods) forbids this method"; only the message tells them apart, e.g.
// "Squash merges are not allowed on this repository."
const METHOD_NOT_ALLOWED = /\b(merge commits|squash merges|rebase merges)\b.*\bnot allowed\b/i;

/**
 * Merges the pull request only if its head is still `sha`, the commit the gates judged; any push
 * after that is refused by GitHub (409) rather than merged unseen.
 */
export async function mergePull(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { number: number; sha: string; method: MergeMethod; title?: string; message?: string },
): Promise<MergeResult> {
  try {
    const { data } = await github.rest.pulls.merge({
      ...repo,
      pull_number: input.number,
      sha: input.sha,
      merge_method: input.method,
      ...(input.title !== undefined && { commit_title: input.title }),
      ...(input.message !== undefined && { commit_message: input.message }),
    });
    return { status: "merged", sha: data.sha };
  } catch (error) {
    const message = requestErrorMessage(error);
    switch (requestErrorStatus(error)) {
      case 409:
        return { status: "head_moved", message };
      case 405:
        return METHOD_NOT_ALLOWED.test(message) ? { status: "method_not_allowed", message } : { status: "not_mergeable", message };
      case 422:
        return { status: "conflict", message };
      default:
        throw error;
    }
  }
}
