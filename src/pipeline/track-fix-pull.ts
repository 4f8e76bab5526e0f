import type { RepositoryRef } from "../domain/finding.js";
import { transitionFixAttempt, type FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { fixAttemptRecorder } from "./fix-attempt-recorder.js";
import type { AuditNote } from "./publish-fix.js";
import { fixCodeJob, fixDependenciesJob, gateFixJob } from "./job-payloads.js";
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
 * A fix PR closed. Its state is recorded (merged or closed); an approved new pattern on a merged PR
 * becomes a trusted one; and fixes that waited for a free slot under `max_open_fix_prs` are queued.
 */
export async function recordFixPullClosed(deps: PipelineDeps, event: PullEvent & { merged: boolean; mergedBy: string | null }): Promise<void> {
  const attempt = await attemptFor(deps, event.repository, event.pullNumber);
  const record = recorder(deps, event);
  const now = deps.clock().toISOString();
  if (attempt?.pullRequest && attempt.pullRequest.state === "open") {
    const approval = event.merged ? attempt.patternApproval : null;
    const closed: FixAttempt = {
      ...attempt,
      // A fix cleared to merge that merged moves on to deployment; the merge record says who merged it.
      state: event.merged && attempt.state === "merging" ? transitionFixAttempt("merging", { type: "merged" }) : attempt.state,
      merge: event.merged && attempt.merge ? { ...attempt.merge, status: "merged" } : (attempt.merge ?? null),
      pullRequest: { ...attempt.pullRequest, state: event.merged ? "merged" : "closed" },
    };
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
  // A slot is free: the fixes that waited for one go again (each checks the limit itself), and
  // fixes that waited for this merge into the base are gated again (they are now behind it).
  const others = await deps.store.read((reader) => reader.listFixAttempts({ repositoryId: event.repository.id }));
  const waiting = others.filter((a) => a.deferred);
  const queuedMerges = others.filter((a) => a.state === "merging" && a.merge?.status === "waiting" && a.pullRequest?.state === "open");
  if (waiting.length === 0 && queuedMerges.length === 0) return;
  await deps.store.transaction(
    async (tx) => {
      for (const queued of queuedMerges) await tx.enqueueJob(gateFixJob(event.installationId, event.repository, queued.pullRequest!.number, now), now);
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
