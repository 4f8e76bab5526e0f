import type { Finding } from "../domain/finding.js";
import type { FixAttempt, FixAttemptState } from "../domain/fix-attempt.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { closePullRequest, commentOnPullRequest } from "../github/pull-requests.js";
import type { AuditNote } from "./publish-fix.js";

/**
 * The attempt's findings were all fixed or dismissed: its PR has nothing left to do. secfix's
 * own open PR is closed with a comment; an adopted or taken-over PR is left to its owner.
 */
export async function closeFixAttempt(
  github: GitHubClient,
  coordinates: RepoCoordinates,
  attempt: FixAttempt,
  findings: readonly Finding[],
  record: (attempt: FixAttempt, events: AuditNote[]) => Promise<void>,
  now: string,
): Promise<void> {
  if (findings.some((finding) => finding.alert.state === "open")) return; // still open but no longer acted on: leave it
  const fixed = findings.length > 0 && findings.every((finding) => finding.alert.state === "fixed");
  const state: FixAttemptState = fixed ? "resolved" : "dismissed";
  const pull = attempt.pullRequest;
  const ours = pull !== null && pull.state === "open" && pull.adoptedFrom === null && !attempt.branchForeign;
  if (ours) {
    const why = fixed
      ? "The alerts this pull request fixes were closed as fixed on the default branch, so it is no longer needed."
      : "The alerts this pull request fixes were dismissed, so secfix closes it.";
    await commentOnPullRequest(github, coordinates, pull.number, `${why}\n\nsecfix closed this pull request; its branch is left in place.`);
    await closePullRequest(github, coordinates, pull.number);
  }
  await record(
    { ...attempt, state, pullRequest: ours ? { ...pull, state: "closed" } : pull, reason: fixed ? "alerts fixed" : "alerts dismissed", updatedAt: now },
    [{ action: "fix.closed", details: { state, pullRequest: pull?.number ?? null } }],
  );
}
