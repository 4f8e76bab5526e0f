import { z } from "zod";
import type { AlertSource, RepositoryRef } from "../domain/finding.js";
import type { JobInput } from "../domain/job.js";

const repository = z.object({
  id: z.number().int().positive(),
  fullName: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  defaultBranch: z.string().min(1),
});

export const syncAlertPayload = z.object({
  installationId: z.number().int().positive(),
  repository,
  source: z.enum(["code_scanning", "dependabot"]),
  alertNumber: z.number().int().positive(),
});
export type SyncAlertPayload = z.infer<typeof syncAlertPayload>;

/** Installation events name repositories without their default branch; the job looks it up. */
export const repositoryJobPayload = z.object({
  installationId: z.number().int().positive(),
  repository: repository.extend({ defaultBranch: z.string().min(1).nullable() }),
});
export type RepositoryJobPayload = z.infer<typeof repositoryJobPayload>;

export const JOB_KINDS = {
  syncAlert: "alert.sync",
  backfillRepository: "repository.backfill",
  checkRepoConfig: "repository.config",
  prune: "maintenance.prune",
  fixDependencies: "fix.dependencies",
  fixCode: "fix.code",
  fixReview: "fix.review",
  fixMerged: "fix.pull-closed",
  gateFix: "fix.gate",
  runCommand: "command.run",
} as const;

/**
 * A burst of alerts (a backfill, a new advisory hitting many manifests) becomes one fix pass per
 * repository: the job waits this long, and every alert in between coalesces into it.
 */
export const FIX_DEBOUNCE_MS = 15_000;

/** Set when a person asked for the fix again (`/secfix retry`): re-plan even when nothing moved. */
const retryRequest = z.object({ by: z.string().min(1), strategy: z.enum(["recipe", "autofix", "llm"]).nullable() });
export type RetryRequest = z.infer<typeof retryRequest>;

export const fixCodePayload = repositoryJobPayload.extend({ findingId: z.string().min(1), retry: retryRequest.optional() });
export type FixCodePayload = z.infer<typeof fixCodePayload>;

/** One code fix pass per finding, debounced like dependency fixes. */
export function fixCodeJob(installationId: number, repo: RepositoryRef, findingId: string, now: string, retry?: RetryRequest): JobInput<FixCodePayload> {
  return {
    kind: JOB_KINDS.fixCode,
    // A retry is its own job: a queued ordinary pass must not swallow it.
    key: retry ? `${JOB_KINDS.fixCode}:${findingId}:retry` : `${JOB_KINDS.fixCode}:${findingId}`,
    payload: { installationId, repository: repo, findingId, ...(retry && { retry }) },
    runAt: retry ? now : new Date(Date.parse(now) + FIX_DEBOUNCE_MS).toISOString(),
  };
}

export const fixReviewPayload = repositoryJobPayload.extend({
  pullNumber: z.number().int().positive(),
  reviewer: z.string().min(1),
  commitId: z.string().min(1),
});
export type FixReviewPayload = z.infer<typeof fixReviewPayload>;
// fix.review jobs are no longer queued (a review wakes the gate pass); the payload reads old ones.

export const fixMergedPayload = repositoryJobPayload.extend({
  pullNumber: z.number().int().positive(),
  merged: z.boolean().default(true),
  mergedBy: z.string().nullable(),
});
export type FixMergedPayload = z.infer<typeof fixMergedPayload>;

/** A fix PR closed, merged or not. */
export function fixClosedJob(installationId: number, repo: RepositoryRef, pullNumber: number, merged: boolean, mergedBy: string | null): JobInput<FixMergedPayload> {
  return {
    kind: JOB_KINDS.fixMerged,
    key: `${JOB_KINDS.fixMerged}:${repo.id}:${pullNumber}`,
    payload: { installationId, repository: repo, pullNumber, merged, mergedBy },
  };
}

export const fixDependenciesPayload = repositoryJobPayload.extend({
  /** Attempts a person asked to retry: re-planned even when base and alerts did not move. */
  retry: z.object({ by: z.string().min(1), attemptIds: z.array(z.string().min(1)).max(50) }).optional(),
});
export type FixDependenciesPayload = z.infer<typeof fixDependenciesPayload>;

export function fixDependenciesJob(installationId: number, repo: RepositoryRef, now: string, retry?: { by: string; attemptId: string }): JobInput<FixDependenciesPayload> {
  return {
    kind: JOB_KINDS.fixDependencies,
    key: retry ? `${JOB_KINDS.fixDependencies}:${repo.id}:retry:${retry.attemptId}` : `${JOB_KINDS.fixDependencies}:${repo.id}`,
    payload: { installationId, repository: repo, ...(retry && { retry: { by: retry.by, attemptIds: [retry.attemptId] } }) },
    runAt: retry ? now : new Date(Date.parse(now) + FIX_DEBOUNCE_MS).toISOString(),
  };
}

export const gateFixPayload = repositoryJobPayload.extend({ pullNumber: z.number().int().positive() });
export type GateFixPayload = z.infer<typeof gateFixPayload>;

/**
 * CI reports in bursts (a check run per job, a suite, statuses): the gate pass waits this long so
 * one evaluation answers the burst.
 */
export const GATE_DEBOUNCE_MS = 10_000;

/**
 * Evaluates a fix PR's gates, approval and merge. Queued by check, status, review and push events,
 * and once more at the CI deadline (`at`), so a CI that never reports still fails the gate.
 */
export function gateFixJob(installationId: number, repo: RepositoryStub, pullNumber: number, now: string, at?: { runAt: string; headSha: string }): JobInput<GateFixPayload> {
  return {
    kind: JOB_KINDS.gateFix,
    key: at ? `${JOB_KINDS.gateFix}:${repo.id}:${pullNumber}:deadline:${at.headSha}` : `${JOB_KINDS.gateFix}:${repo.id}:${pullNumber}`,
    payload: { installationId, repository: repo, pullNumber },
    runAt: at?.runAt ?? new Date(Date.parse(now) + GATE_DEBOUNCE_MS).toISOString(),
  };
}

/** The daily clean-up of old delivery ids and finished jobs; one is ever queued. */
export function pruneJob(runAt: string): JobInput<Record<string, never>> {
  return { kind: JOB_KINDS.prune, key: JOB_KINDS.prune, payload: {}, runAt };
}

export function syncAlertJob(installationId: number, repo: RepositoryRef, source: AlertSource, alertNumber: number): JobInput<SyncAlertPayload> {
  return {
    kind: JOB_KINDS.syncAlert,
    key: `${JOB_KINDS.syncAlert}:${repo.id}:${source}:${alertNumber}`,
    payload: { installationId, repository: repo, source, alertNumber },
  };
}

export type RepositoryStub = Omit<RepositoryRef, "defaultBranch"> & { defaultBranch: string | null };

export function backfillRepositoryJob(installationId: number, repo: RepositoryStub): JobInput<RepositoryJobPayload> {
  return {
    kind: JOB_KINDS.backfillRepository,
    key: `${JOB_KINDS.backfillRepository}:${repo.id}`,
    payload: { installationId, repository: repo },
  };
}

export function checkRepoConfigJob(installationId: number, repo: RepositoryStub): JobInput<RepositoryJobPayload> {
  return {
    kind: JOB_KINDS.checkRepoConfig,
    key: `${JOB_KINDS.checkRepoConfig}:${repo.id}`,
    payload: { installationId, repository: repo },
  };
}

export function splitFullName(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split("/") as [string, string];
  return { owner, repo };
}

/** A `/secfix` comment, as parsed when it was created: the job never re-reads a comment that may have been edited since. */
export const runCommandPayload = repositoryJobPayload.extend({
  issueNumber: z.number().int().positive(),
  isPull: z.boolean(),
  comment: z.object({
    id: z.number().int().positive(),
    url: z.string().min(1),
    createdAt: z.string().min(1),
    author: z.string().min(1),
  }),
  /** The command line as written, parsed again by the job; or the parser's complaint. */
  parsed: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("command"), line: z.string().min(1).max(400) }),
    z.object({ kind: z.literal("invalid"), problem: z.string().min(1).max(2_000) }),
  ]),
});
export type RunCommandPayload = z.infer<typeof runCommandPayload>;

export function runCommandJob(payload: RunCommandPayload): JobInput<RunCommandPayload> {
  return { kind: JOB_KINDS.runCommand, key: `${JOB_KINDS.runCommand}:${payload.repository.id}:${payload.comment.id}`, payload };
}

/** The SLA clock: a timer at one threshold of a finding's SLA, or the close-out once the alert resolved. */
export const SLA_CHECK_KIND = "sla.check";

const slaFinding = z.object({ installationId: z.number().int().positive(), repository, findingId: z.string().min(1) });
export const slaCheckPayload = z.discriminatedUnion("stage", [
  slaFinding.extend({
    stage: z.literal("timer"),
    threshold: z.union([z.literal(50), z.literal(75), z.literal(100)]),
    /** The due time the timer was set for; a finding now due at another time makes it stale. */
    dueAt: z.string().min(1),
  }),
  slaFinding.extend({ stage: z.literal("resolved"), resolvedAt: z.string().min(1) }),
]);
export type SlaCheckPayload = z.infer<typeof slaCheckPayload>;

/** One timer per threshold and due time: a re-sync adds none, a new due time gets its own. */
export function slaTimerJob(
  installationId: number,
  repo: RepositoryRef,
  findingId: string,
  mark: { threshold: 50 | 75 | 100; at: string },
  dueAt: string,
): JobInput<SlaCheckPayload> {
  return {
    kind: SLA_CHECK_KIND,
    key: `${SLA_CHECK_KIND}:${findingId}:${mark.threshold}:${dueAt}`,
    payload: { installationId, repository: repo, findingId, stage: "timer", threshold: mark.threshold, dueAt },
    runAt: mark.at,
  };
}

/** The same timer again later: the repository had its limit of open escalation issues. */
export function deferredSlaTimerJob(timer: Extract<SlaCheckPayload, { stage: "timer" }>, runAt: string): JobInput<SlaCheckPayload> {
  return {
    kind: SLA_CHECK_KIND,
    key: `${SLA_CHECK_KIND}:${timer.findingId}:${timer.threshold}:${timer.dueAt}:deferred`,
    payload: timer,
    runAt,
  };
}

/** Closes the finding's escalation and takes `sla:at-risk` off its fix PRs once the alert resolved. */
export function slaResolvedJob(installationId: number, repo: RepositoryRef, findingId: string, resolvedAt: string): JobInput<SlaCheckPayload> {
  return {
    kind: SLA_CHECK_KIND,
    key: `${SLA_CHECK_KIND}:${findingId}:resolved:${resolvedAt}`,
    payload: { installationId, repository: repo, findingId, stage: "resolved", resolvedAt },
  };
}
