import type { FixAttempt } from "../domain/fix-attempt.js";
import { escapeMarkdownQuiet } from "../domain/markdown.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { commentOnPullRequest } from "../github/pull-requests.js";
import type { RecordFixAttempt } from "./fix-attempt-recorder.js";
import type { AuditNote } from "./publish-fix.js";

/**
 * A `/secfix retry` whose pass found no patch, for a fix whose PR is open: the PR stands as it was
 * (a retry never throws away a fix that exists), and the PR says so, so the retry is not silent.
 */
export async function retryFoundNothing(
  context: { github: GitHubClient; coordinates: RepoCoordinates; record: RecordFixAttempt },
  input: { attempt: FixAttempt; by: string; reason: string; events: AuditNote[] },
): Promise<void> {
  const { attempt, by, reason } = input;
  const pull = attempt.pullRequest!;
  await commentOnPullRequest(
    context.github,
    context.coordinates,
    pull.number,
    `The retry @${by} asked for found no other patch: ${escapeMarkdownQuiet(reason)}\n\nThis pull request stands as it was.`,
  );
  await context.record({ ...attempt, reason: `a retry by ${by} found no other patch (${reason}); the open pull request stands` }, [
    ...input.events,
    { action: "fix.retry_no_fix", details: { by, reason, pullRequest: pull.number } },
  ]);
}
