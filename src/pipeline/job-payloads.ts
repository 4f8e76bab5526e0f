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
} as const;

/**
 * A burst of alerts (a backfill, a new advisory hitting many manifests) becomes one fix pass per
 * repository: the job waits this long, and every alert in between coalesces into it.
 */
export const FIX_DEBOUNCE_MS = 15_000;

export const fixCodePayload = repositoryJobPayload.extend({ findingId: z.string().min(1) });
export type FixCodePayload = z.infer<typeof fixCodePayload>;

/** One code fix pass per finding, debounced like dependency fixes. */
export function fixCodeJob(installationId: number, repo: RepositoryRef, findingId: string, now: string): JobInput<FixCodePayload> {
  return {
    kind: JOB_KINDS.fixCode,
    key: `${JOB_KINDS.fixCode}:${findingId}`,
    payload: { installationId, repository: repo, findingId },
    runAt: new Date(Date.parse(now) + FIX_DEBOUNCE_MS).toISOString(),
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

export function fixDependenciesJob(installationId: number, repo: RepositoryRef, now: string): JobInput<RepositoryJobPayload> {
  return {
    kind: JOB_KINDS.fixDependencies,
    key: `${JOB_KINDS.fixDependencies}:${repo.id}`,
    payload: { installationId, repository: repo },
    runAt: new Date(Date.parse(now) + FIX_DEBOUNCE_MS).toISOString(),
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
