import type { RepositoryRef } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { createCheckRun } from "../github/create-check-run.js";
import { canWrite, isTeamMember } from "../github/reviewer-authority.js";
import { APPROVAL_CHECK_NAME } from "./fix-code-alert.js";
import { fixAttemptRecorder } from "./fix-attempt-recorder.js";
import { splitFullName } from "./job-payloads.js";
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

/** A fix PR merged: its state is recorded, and an approved new pattern becomes a trusted one. */
export async function recordFixMerged(deps: PipelineDeps, event: PullEvent & { mergedBy: string | null }): Promise<void> {
  const attempt = await attemptFor(deps, event.repository, event.pullNumber);
  if (!attempt?.pullRequest || attempt.pullRequest.state === "merged") return;
  const record = recorder(deps, event);
  const approval = attempt.patternApproval;
  const merged: FixAttempt = { ...attempt, pullRequest: { ...attempt.pullRequest, state: "merged" } };
  if (!approval?.approvedBy) {
    await record(merged, [{ action: "fix.merged", details: { pullRequest: event.pullNumber, mergedBy: event.mergedBy } }]);
    return;
  }
  const approvedAt = deps.clock().toISOString();
  await record(
    merged,
    [
      { action: "fix.merged", details: { pullRequest: event.pullNumber, mergedBy: event.mergedBy } },
      { action: "pattern.approved", details: { rule: approval.ruleId, strategy: approval.strategy, approvedBy: approval.approvedBy, pullRequest: event.pullNumber } },
    ],
    (tx) =>
      tx.saveApprovedPattern({
        ruleId: approval.ruleId,
        strategy: approval.strategy,
        exampleDiff: approval.diff,
        approvedBy: approval.approvedBy!,
        repository: event.repository.fullName,
        pullRequest: event.pullNumber,
        approvedAt,
      }),
  );
}
