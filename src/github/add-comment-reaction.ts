import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export type CommentReaction = "eyes" | "+1" | "-1" | "confused" | "rocket";

/**
 * Reacts to a comment: the quickest sign that secfix read a command. GitHub answers 200 when the
 * same reaction already exists, so a replayed job reacts once.
 */
export async function addCommentReaction(github: GitHubClient, repo: RepoCoordinates, commentId: number, content: CommentReaction): Promise<void> {
  await github.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}
