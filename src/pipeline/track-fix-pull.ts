import type { RepositoryRef } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { createCheckRun } from "../github/create-check-run.js";
import { canWrite, isTeamMember } from "../github/reviewer-authority.js";
import { APPROVAL_CHECK_NAME } from "./fix-code-alert.js";
import { fixAttemptRecorder } from "./fix-attempt-recorder.js";
import type { AuditNote } from "./publish-fix.js";
import { fixCodeJob, fixDependenciesJob, splitFullName } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";

interface PullEvent {
  installationId: number;
  repository: RepositoryRef;
  pullNumber: number;
  lease: JobLease;
}

async function attemptFor(deps: PipelineDeps, repository: RepositoryRef, pullNumber: number): Promise<FixAttempt | null> {
  const attempts = await deps.store.read((reader) => reader.listFixAttempts({ repositoryId: repository.id }));
  return attempts.find((attempt) => attempt.pullRequest?.number === pullNumber) ?? null;
}

function recorder(deps: PipelineDeps, event: PullEvent) {
  return fixAttemptRecorder(deps.store, { ...event, now: () => deps.clock().toISOString() });
}

/**
 * An approving review on a fix that waits for a pattern approval. It counts only from a member of
 * the configured approver teams (or, with none configured, someone who can write to the
 * repository), and only for the commit secfix pushed: an approval of an older head is ignored.
 */
export async function recordFixReview(deps: PipelineDeps, event: PullEvent & { reviewer: string; commitId: string }): Promise<void> {
  const attempt = await attemptFor(deps, event.repository, event.pullNumber);
  const approval = attempt?.patternApproval;
  if (!attempt || !approval || approval.approvedBy || !attempt.pullRequest) return;
  const record = recorder(deps, event);
  const ignore = (reason: string) => record(attempt, [{ action: "fix.approval_ignored", details: { reviewer: event.reviewer, reason } }]);
  if (event.commitId !== attempt.pullRequest.headSha) return ignore(`the review approves ${event.commitId.slice(0, 12)}, not the fix's head ${attempt.pullRequest.headSha.slice(0, 12)}`);
  if (event.reviewer.endsWith("[bot]")) return ignore("bots cannot approve a pattern");

  const github = await deps.github(event.installationId);
  const coordinates = splitFullName(event.repository.fullName);
  let authorised = false;
  for (const team of approval.teams) if (!authorised) authorised = await isTeamMember(github, coordinates.owner, team, event.reviewer);
  if (approval.teams.length === 0) authorised = await canWrite(github, coordinates, event.reviewer);
  if (!authorised) {
    return ignore(approval.teams.length ? `not a member of ${approval.teams.join(", ")}` : "cannot write to the repository");
  }
  await createCheckRun(github, coordinates, {
    name: APPROVAL_CHECK_NAME,
    headSha: attempt.pullRequest.headSha,
    conclusion: "success",
    title: `Pattern approved by ${event.reviewer}`,
    summary: `${event.reviewer} approved the AI fix for ${approval.ruleId}. When this pull request merges, later AI fixes for the rule follow the normal path.`,
  });
  await record({ ...attempt, patternApproval: { ...approval, approvedBy: event.reviewer } }, [
    { action: "fix.pattern_approved_by", details: { rule: approval.ruleId, reviewer: event.reviewer, commit: event.commitId } },
  ]);
}

/**
 * A fix PR closed. Its state is recorded (merged or closed); an approved new pattern on a merged PR
 * becomes a trusted one; and fixes that waited for a free slot under `max_open_fix_prs` are queued.
 */
export async function recordFixPullClosed(deps: PipelineDeps, event: PullEvent & { merged: boolean; mergedBy: string | null }): Promise<void> {
  const attempt = await attemptFor(deps, event.repository, event.pullNumber);
  const record = recorder(deps, event);
  const now = deps.clock().toISOString();
  if (attempt?.pullRequest && attempt.pullRequest.state === "open") {
    const approval = event.merged ? attempt.patternApproval : null;
    const closed: FixAttempt = { ...attempt, pullRequest: { ...attempt.pullRequest, state: event.merged ? "merged" : "closed" } };
    const notes: AuditNote[] = [{ action: event.merged ? "fix.merged" : "fix.pull_closed", details: { pullRequest: event.pullNumber, mergedBy: event.mergedBy } }];
    if (approval?.approvedBy) {
      const approvedBy = approval.approvedBy;
      notes.push({ action: "pattern.approved", details: { rule: approval.ruleId, strategy: approval.strategy, approvedBy, pullRequest: event.pullNumber } });
      await record(closed, notes, (tx) =>
        tx.saveApprovedPattern({
          ruleId: approval.ruleId,
          strategy: approval.strategy,
          exampleDiff: approval.diff,
          approvedBy,
          repository: event.repository.fullName,
          pullRequest: event.pullNumber,
          approvedAt: now,
        }),
      );
    } else {
      await record(closed, notes);
    }
  }
  // A slot is free: the fixes that waited for one go again (each checks the limit itself).
  const waiting = (await deps.store.read((reader) => reader.listFixAttempts({ repositoryId: event.repository.id }))).filter((a) => a.deferred);
  if (waiting.length === 0) return;
  await deps.store.transaction(
    async (tx) => {
      for (const deferred of waiting) {
        const job = deferred.planKey.startsWith("code:")
          ? fixCodeJob(event.installationId, event.repository, deferred.findingIds[0]!, now)
          : fixDependenciesJob(event.installationId, event.repository, now);
        await tx.enqueueJob(job, now);
      }
    },
    { lease: event.lease },
  );
}
