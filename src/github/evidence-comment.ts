import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { requestErrorStatus } from "./request-error-details.js";

export const EVIDENCE_MARKER = "<!-- secfix:evidence -->";

/** Below GitHub's 65,536-character comment limit, leaving room for the truncation note. */
export const EVIDENCE_MAX_CHARS = 65_000;

const TRUNCATION_NOTE = "\n\n_… evidence truncated: it exceeded GitHub's comment size limit. The full record is in secfix's audit log._";

/**
 * Keeps the pull request's one secfix evidence comment current: edits it in place, finds it again
 * if the stored id is gone or unknown, and only creates a new one when none exists. Returns its id.
 */
export async function upsertEvidenceComment(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { pullNumber: number; commentId: number | null; body: string },
): Promise<number> {
  const body = evidenceBody(input.body);
  if (input.commentId !== null) {
    const edited = await editComment(github, repo, input.commentId, body);
    if (edited !== undefined) return edited;
  }
  const existing = await findEvidenceComment(github, repo, input.pullNumber);
  if (existing !== undefined) {
    const edited = await editComment(github, repo, existing, body);
    if (edited !== undefined) return edited;
  }
  const { data } = await github.rest.issues.createComment({ ...repo, issue_number: input.pullNumber, body });
  return data.id;
}

/** The body as posted: starting with the marker, and cut to fit GitHub's limit. */
export function evidenceBody(text: string): string {
  const marked = text.startsWith(EVIDENCE_MARKER) ? text : `${EVIDENCE_MARKER}\n${text}`;
  if (marked.length <= EVIDENCE_MAX_CHARS) return marked;
  let cut = EVIDENCE_MAX_CHARS - TRUNCATION_NOTE.length;
  // Never leave half a surrogate pair: GitHub would store a replacement character.
  const last = marked.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return marked.slice(0, cut) + TRUNCATION_NOTE;
}

/** The comment's id after editing it; undefined when it no longer exists (deleted by someone). */
async function editComment(github: GitHubClient, repo: RepoCoordinates, commentId: number, body: string): Promise<number | undefined> {
  try {
    const { data } = await github.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
    return data.id;
  } catch (error) {
    if (requestErrorStatus(error) === 404) return undefined;
    throw error;
  }
}

/**
 * The oldest marker-bearing comment made by a GitHub App. A human who quotes the marker (or pastes
 * our comment) must not have their comment overwritten, so only App-made bot comments count.
 */
async function findEvidenceComment(github: GitHubClient, repo: RepoCoordinates, pullNumber: number): Promise<number | undefined> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: pullNumber, per_page: 100 });
  return comments.find(
    (comment) => comment.user?.type === "Bot" && comment.performed_via_github_app != null && (comment.body ?? "").includes(EVIDENCE_MARKER),
  )?.id;
}
