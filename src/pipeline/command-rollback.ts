import type { CommandOutcome } from "../commands/command-outcome.js";
import { transitionFixAttempt } from "../domain/fix-attempt.js";
import { codeSpan } from "../domain/markdown.js";
import { listOpenPullRequests } from "../github/pull-requests.js";
import { revertPull } from "../github/revert-pull.js";
import type { CommandContext } from "./command-context.js";

/**
 * `/secfix rollback`: opens GitHub's revert of a merged secfix fix. The revert is a pull request
 * like any other, reviewed and merged by people; secfix records it and moves the fix to rolled back.
 */
export async function rollbackFix(context: CommandContext): Promise<CommandOutcome> {
  const { target, author } = context;
  if (target.kind !== "fix_pull") return { status: "refused", summary: "`/secfix rollback` reverts a merged fix pull request; comment it on that PR." };
  const { attempt, pull } = target;
  if (attempt.rollback) return { status: "already_done", summary: `The revert is already open: [#${attempt.rollback.pullNumber}](${attempt.rollback.url}).` };
  if (!pull.merged) {
    return { status: "refused", summary: "This fix was not merged, so there is nothing to revert. Close the pull request, or `/secfix dismiss` the alert, instead." };
  }
  const title = `Revert secfix fix #${pull.number}`;
  // A run that opened the revert and stopped before recording it must not open a second one.
  const open = await listOpenPullRequests(context.github, context.coordinates);
  const earlier = open.find((candidate) => candidate.title === title && candidate.author === context.identity.botLogin);
  const body = [
    `Reverts #${pull.number}, as @${author} asked with \`/secfix rollback\`.`,
    "",
    "Merging this re-opens the vulnerability the fix closed: the alert will come back, and secfix will plan a new fix.",
  ].join("\n");
  const result = earlier ? { status: "opened" as const, number: earlier.number, url: earlier.url } : await revertPull(context.github, { pullNodeId: pull.nodeId, title, body });
  if (result.status === "refused") return { status: "failed", summary: "GitHub would not open the revert.", details: `GitHub said: ${codeSpan(result.message.slice(0, 500))}` };
  const now = context.now();
  // GitHub merged it even if the merge webhook has not been handled yet: the fix counts as merged.
  const merged = attempt.state === "merging" ? transitionFixAttempt("merging", { type: "merged" }) : attempt.state;
  const rolledBack = merged === "deploying" || merged === "resolved";
  await context.record(
    async (tx) => {
      await tx.saveFixAttempt({
        ...attempt,
        ...(rolledBack && { state: transitionFixAttempt(merged, { type: "rollback_opened", by: author }) }),
        rollback: { pullNumber: result.number, url: result.url, by: author, at: now },
        updatedAt: now,
      });
    },
    [{ action: "fix.rollback_opened", details: { by: author, revert: result.number, url: result.url, from: attempt.state } }],
  );
  return { status: "done", summary: `Opened the revert: [#${result.number}](${result.url}). It needs a review and a merge like any change.` };
}
