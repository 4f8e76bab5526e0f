import { approverAuthority, describeAuthority } from "../commands/command-authority.js";
import type { CommandOutcome } from "../commands/command-outcome.js";
import type { SlashCommand } from "../commands/parse-command.js";
import type { ApprovalGrant, ApprovalReason, ApprovalState } from "../domain/fix-attempt.js";
import { codeSpan } from "../domain/markdown.js";
import { shortSha } from "../gates/short-sha.js";
import { compareCommits } from "../github/compare-commits.js";
import { branchPushers, headBefore, readBranchLog } from "../github/branch-log.js";
import { canWrite, isTeamMember } from "../github/reviewer-authority.js";
import { unmetRequirements } from "../risk/approval-requirements.js";
import { changeAuthors } from "../risk/change-authors.js";
import type { CommandContext } from "./command-context.js";
import { gateFixJob } from "./job-payloads.js";

function withCommandGrants(approval: ApprovalState): ApprovalState {
  return { ...approval, grants: [...approval.grants, ...(approval.commandGrants ?? [])] };
}

async function memberOfAny(context: CommandContext, teams: readonly string[]): Promise<boolean> {
  for (const team of teams) if (await isTeamMember(context.github, context.coordinates.owner, team, context.author)) return true;
  return false;
}

/**
 * `/secfix approve [sha]`: approval bound to the commit the commenter saw. That is the head at the
 * comment's time by GitHub's push log, or the SHA they named; if the head has moved since, the
 * new commits have not been seen and the approval is refused.
 */
export async function approveFix(context: CommandContext, command: Extract<SlashCommand, { name: "approve" }>): Promise<CommandOutcome> {
  const { target, author, config } = context;
  if (target.kind !== "fix_pull") return { status: "refused", summary: "`/secfix approve` approves a fix pull request; comment it on the PR." };
  const { attempt, pull } = target;
  if (pull.state !== "open") return { status: "refused", summary: "This pull request is closed; there is nothing to approve." };

  // The branch's push log, kept by GitHub: which commit the comment saw, and who pushed to the branch.
  const log = await readBranchLog(context.github, context.coordinates, pull.headRef);
  let bound: string;
  if (command.sha) {
    // A named commit is the one reviewed, whenever it was pushed; it must still be the head.
    if (!pull.headSha.toLowerCase().startsWith(command.sha)) {
      return { status: "refused", summary: `The head of this PR is ${codeSpan(shortSha(pull.headSha))}, not ${codeSpan(command.sha)}: review the current head and approve it.` };
    }
    bound = pull.headSha;
  } else {
    const seen = log.status === "read" ? headBefore(log.moves, context.comment.createdAt) : null;
    if (!seen) {
      const why = log.status === "unknown" ? log.reason : "no push to the branch before the comment is in GitHub's log";
      return {
        status: "refused",
        summary: `secfix could not tell which commit your comment saw (${why}). Comment \`/secfix approve ${pull.headSha}\` naming the head you reviewed.`,
      };
    }
    if (seen.sha !== pull.headSha) {
      return {
        status: "refused",
        summary: `The head moved after your comment (${codeSpan(shortSha(seen.sha))} → ${codeSpan(shortSha(pull.headSha))}); the new commits need your review. Approve again once you have seen them.`,
      };
    }
    bound = seen.sha;
  }

  const approval = attempt.approval ?? null;
  if (!approval || approval.requirements.length === 0) {
    if (attempt.state === "proposed" || attempt.state === "gating") {
      return { status: "refused", summary: "The gates are still running on this head, so secfix does not yet know what approval the fix needs. Approve once `secfix/gates` completes." };
    }
    return { status: "refused", summary: `This fix needs no approval (it is ${attempt.state.replace(/_/g, " ")}); nothing was recorded.` };
  }
  const unmet = unmetRequirements(withCommandGrants(approval), bound);
  if (unmet.length === 0) return { status: "already_done", summary: `Every approval this fix needs is already given for ${codeSpan(shortSha(bound))}.` };

  const identity = context.identity;
  const comparison = await compareCommits(context.github, context.coordinates, pull.baseRef, bound);
  // Commit author fields are whatever the pusher wrote; GitHub's push log says who really pushed.
  const authors = changeAuthors(comparison, pull, identity.botLogin);
  if (log.status === "read") for (const pusher of branchPushers(log.moves, identity.botLogin)) authors.add(pusher);
  else {
    const unknown = comparison.commits.find((commit) => commit.authorLogin === null || commit.committerLogin === null);
    if (unknown) {
      return { status: "refused", summary: `secfix cannot tell who wrote commit ${codeSpan(shortSha(unknown.sha))} (no GitHub account, and the push log is unreadable: ${log.reason}); approve with a review instead.` };
    }
  }
  if (authors.has(author.toLowerCase())) {
    return { status: "refused", summary: `@${author} pushed or wrote commits in this pull request; an approval must come from someone who did not write the change.` };
  }

  const security = config.approvers.security;
  const securityMember = await memberOfAny(context, security);
  const reasons: ApprovalReason[] = [];
  for (const requirement of unmet) {
    const allowed = securityMember || (requirement.teams.length === 0 ? await canWrite(context.github, context.coordinates, author) : await memberOfAny(context, requirement.teams));
    if (allowed) reasons.push(requirement.reason);
  }
  if (reasons.length === 0) {
    const who = describeAuthority(approverAuthority(unmet.flatMap((r) => r.teams), security));
    return { status: "refused", summary: `Only ${who} may approve this fix.` };
  }

  const now = context.now();
  const grant: ApprovalGrant = { by: author, sha: bound, reviewId: context.comment.id, reasons, at: now, via: "command" };
  const next = { ...attempt, approval: { ...approval, commandGrants: [...(approval.commandGrants ?? []), grant] }, updatedAt: now };
  await context.record(
    async (tx) => {
      await tx.saveFixAttempt(next);
      await tx.enqueueJob(gateFixJob(context.installationId, context.repository, pull.number, now), now);
    },
    [{ action: "fix.approval_granted", details: { reviewer: author, commit: bound, reasons, via: "command", comment: context.comment.id } }],
  );
  const remaining = unmet.filter((r) => !reasons.includes(r.reason));
  return {
    status: "done",
    summary: `Approved ${codeSpan(shortSha(bound))} for: ${reasons.map((r) => r.replace("_", "-")).join(", ")}.`,
    details:
      remaining.length > 0
        ? `Still waiting for: ${remaining.map((r) => `${r.reason.replace("_", "-")} (from ${describeAuthority(approverAuthority(r.teams, []))})`).join("; ")}.`
        : "secfix re-evaluates the fix now; it merges only where `auto_merge` allows, and a new push needs a new approval.",
  };
}
