import type { SlashCommand } from "../commands/parse-command.js";
import type { CommandOutcome } from "../commands/command-outcome.js";
import { transitionFixAttempt, type FixAttempt } from "../domain/fix-attempt.js";
import { codeSpan } from "../domain/markdown.js";
import type { CommandContext } from "./command-context.js";
import { fixCodeJob, fixDependenciesJob } from "./job-payloads.js";

/** States a retry leaves as they are: the new pass publishes over the open PR. */
const OPEN_STATES = new Set<FixAttempt["state"]>(["planned", "patching", "proposed", "gating", "awaiting_approval"]);
/** States a retry moves back to planned. */
const RETRYABLE_STATES = new Set<FixAttempt["state"]>(["gate_failed", "no_fix"]);

/**
 * `/secfix retry [strategy]`: a fresh fix pass from the current base and alert, even when nothing
 * moved. A branch a person took over stays theirs (the fix restarts on its own branch), and a fix
 * that merged or closed is never re-opened.
 */
export async function retryFix(context: CommandContext, command: Extract<SlashCommand, { name: "retry" }>): Promise<CommandOutcome> {
  const { target, author } = context;
  const attempt = target.attempt;
  const finding = target.kind === "escalation_issue" ? target.finding : null;
  const findings = target.findings;
  if (findings.every((f) => f.alert.state !== "open")) {
    return { status: "refused", summary: "The alert is no longer open on GitHub, so there is nothing to fix." };
  }
  if (attempt && !OPEN_STATES.has(attempt.state) && !RETRYABLE_STATES.has(attempt.state)) {
    return { status: "refused", summary: `This fix is ${attempt.state.replace(/_/g, " ")}; a retry only applies to a fix that is open, failed a gate or found no patch.` };
  }
  const isDependency = attempt ? !attempt.planKey.startsWith("code:") : finding?.alert.source === "dependabot";
  if (command.strategy && isDependency) {
    return { status: "refused", summary: `Dependency fixes have one strategy, the version bump; ${codeSpan(command.strategy)} applies to code fixes only. Use \`/secfix retry\` alone.` };
  }
  if (command.strategy === "llm" && !context.config.ai.enabled) {
    return { status: "refused", summary: "AI fixes are off for this repository (`ai.enabled` in `.github/secfix.yml`), so the `llm` strategy cannot run." };
  }
  const now = context.now();
  // Someone took the branch over: it stays theirs, and the fix starts again on a branch of its own.
  const fresh = attempt?.branchForeign === true;
  const retried =
    attempt && (fresh || RETRYABLE_STATES.has(attempt.state))
      ? {
          ...attempt,
          state: attempt.state === "planned" || attempt.state === "patching" ? attempt.state : transitionFixAttempt(attempt.state, { type: "retry_requested", by: author }),
          reason: null,
          updatedAt: now,
          ...(fresh && { branchForeign: false, pullRequest: null, restarts: (attempt.restarts ?? 0) + 1, gates: null, approval: null, merge: null, evidenceCommentId: null, evidenceDigest: null }),
        }
      : null;
  const codeFinding = findings.find((f) => f.alert.source === "code_scanning") ?? null;
  const job = isDependency
    ? fixDependenciesJob(context.installationId, context.repository, now, attempt ? { by: author, attemptId: attempt.id } : undefined)
    : codeFinding
      ? fixCodeJob(context.installationId, context.repository, codeFinding.id, now, { by: author, strategy: command.strategy })
      : null;
  if (!job) return { status: "failed", summary: "secfix found no code-scanning finding behind this fix to plan again." };
  await context.record(
    async (tx) => {
      if (retried) await tx.saveFixAttempt(retried);
      await tx.enqueueJob(job, now);
    },
    [
      {
        action: "fix.retry_requested",
        details: { by: author, strategy: command.strategy, from: attempt?.state ?? null, ...(fresh && { freshBranch: true, leftPullRequest: attempt.pullRequest?.number ?? null }) },
      },
    ],
  );
  if (fresh) {
    const left = attempt.pullRequest ? ` #${attempt.pullRequest.number} stays as it is, yours to keep or close.` : "";
    return {
      status: "done",
      summary: `Someone else pushed to this fix's branch, so secfix starts the fix again from the current ${codeSpan(context.repository.defaultBranch)} on a branch of its own.${left}`,
      details: "The new pull request will link to its alert and carry its own gates and evidence.",
    };
  }
  const how = command.strategy ? ` with the ${codeSpan(command.strategy)} strategy only` : "";
  return {
    status: "done",
    summary: `Re-planning the fix from the current ${codeSpan(context.repository.defaultBranch)} and the alert as GitHub has it now${how}.`,
    details: "A new commit (when the patch changes) and the `secfix/gates` check will follow; the evidence comment shows the result.",
  };
}
