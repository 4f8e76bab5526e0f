import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/**
 * Posts `body` on an issue or pull request unless secfix already said it: the marker, a hidden
 * HTML comment, is looked for in secfix's own comments (a person quoting it does not count) and
 * in `alreadyIn` (text secfix wrote elsewhere, e.g. the issue body). Returns whether it posted.
 */
export async function commentOnce(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { issueNumber: number; marker: string; body: string; alreadyIn?: string | null },
): Promise<boolean> {
  if (input.alreadyIn?.includes(input.marker)) return false;
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: input.issueNumber, per_page: 100 });
  const said = comments.some(
    (comment) => comment.user?.type === "Bot" && comment.performed_via_github_app != null && (comment.body ?? "").includes(input.marker),
  );
  if (said) return false;
  const body = input.body.includes(input.marker) ? input.body : `${input.marker}\n${input.body}`;
  await github.rest.issues.createComment({ ...repo, issue_number: input.issueNumber, body });
  return true;
}
