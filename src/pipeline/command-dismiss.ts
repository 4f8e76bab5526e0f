import type { CommandOutcome } from "../commands/command-outcome.js";
import { gitHubDismissReason } from "../commands/dismiss-reasons.js";
import type { SlashCommand } from "../commands/parse-command.js";
import { transitionFixAttempt, TERMINAL_STATES } from "../domain/fix-attempt.js";
import { codeSpan } from "../domain/markdown.js";
import { classifyGitHubError } from "../github/classify-github-error.js";
import { dismissAlert } from "../github/dismiss-alert.js";
import { closePullRequest } from "../github/pull-requests.js";
import type { CommandContext } from "./command-context.js";

/** GitHub keeps 280 characters of a dismissal comment; the audit log keeps the whole of it. */
const GITHUB_COMMENT_CHARS = 280;

/**
 * `/secfix dismiss <reason> [comment]`: dismisses every open alert behind the fix on GitHub, in
 * that source's vocabulary, then closes secfix's PR. An alert GitHub refuses to dismiss is named;
 * the PR stays open while any alert does.
 */
export async function dismissFindings(context: CommandContext, command: Extract<SlashCommand, { name: "dismiss" }>): Promise<CommandOutcome> {
  const { target, author } = context;
  const open = target.findings.filter((finding) => finding.alert.state === "open");
  if (open.length === 0) return { status: "already_done", summary: "The alerts behind this fix are already closed on GitHub." };
  const comment = `Dismissed by ${author} with /secfix dismiss${command.comment ? `: ${command.comment}` : ""}`;
  const dismissed: number[] = [];
  const refused: string[] = [];
  for (const finding of open) {
    const reason = gitHubDismissReason(finding.alert.source, command.reason);
    try {
      await dismissAlert(context.github, context.coordinates, finding.alert, { reason, comment: comment.slice(0, GITHUB_COMMENT_CHARS) });
      dismissed.push(finding.alert.alertNumber);
    } catch (error) {
      // A refusal (no permission, alert gone, a reason GitHub rejects) is told; anything else retries the job.
      const status = (error as { status?: unknown }).status;
      const failure = classifyGitHubError(error, new Date(context.now()));
      if (failure.kind === "rate_limited" || (status !== 400 && status !== 403 && status !== 404 && status !== 422)) throw error;
      refused.push(`alert #${finding.alert.alertNumber}: ${(error as Error).message.slice(0, 200)}`);
    }
  }
  // The fix ends only when every alert it fixes is dismissed (an escalation issue names one of a group's).
  const attempt = target.attempt && target.attempt.findingIds.every((id) => target.findings.some((finding) => finding.id === id)) ? target.attempt : null;
  const pull = attempt?.pullRequest ?? null;
  const closePull = refused.length === 0 && attempt !== null && pull !== null && pull.state === "open" && pull.adoptedFrom === null && !attempt.branchForeign;
  if (closePull) await closePullRequest(context.github, context.coordinates, pull.number);
  const now = context.now();
  await context.record(
    async (tx) => {
      if (attempt && refused.length === 0 && !TERMINAL_STATES.has(attempt.state)) {
        await tx.saveFixAttempt({
          ...attempt,
          state: transitionFixAttempt(attempt.state, { type: "dismissed", by: author }),
          pullRequest: closePull ? { ...pull, state: "closed" } : pull,
          reason: `dismissed by ${author}: ${command.reason}`,
          updatedAt: now,
        });
      }
    },
    [
      {
        action: refused.length === 0 ? "finding.dismissed" : "finding.dismiss_incomplete",
        details: { by: author, reason: command.reason, comment: command.comment, alerts: dismissed, refused },
      },
    ],
  );
  const names = dismissed.map((n) => `#${n}`).join(", ");
  if (refused.length > 0) {
    return {
      status: "failed",
      summary: dismissed.length > 0 ? `Dismissed ${names}, but GitHub refused the rest; the pull request stays open.` : "GitHub refused to dismiss the alerts; nothing changed.",
      details: refused.map((line) => `- ${codeSpan(line)}`).join("\n"),
    };
  }
  return {
    status: "done",
    summary: `Dismissed alert${dismissed.length === 1 ? "" : "s"} ${names} on GitHub as ${codeSpan(command.reason)}${closePull ? " and closed this fix pull request" : ""}.`,
    ...(comment.length > GITHUB_COMMENT_CHARS && { details: "GitHub keeps the first 280 characters of the comment; the audit log keeps all of it." }),
  };
}
