import { appendAuditEvent } from "../audit/append-audit-event.js";
import { baselineSampleFromAlert, type BaselineSample } from "../domain/baseline-sample.js";
import type { AlertSource, RepositoryRef } from "../domain/finding.js";
import type { GitHubClient } from "../github/github-client.js";
import type { Job, JobLease } from "../domain/job.js";
import { getAlert, listFixedAlerts, listOpenAlerts } from "../github/alerts.js";
import { classifyGitHubError } from "../github/classify-github-error.js";
import { codeScanningAlertToSnapshot } from "../ingest/code-scanning-alert.js";
import { dependabotAlertToSnapshot } from "../ingest/dependabot-alert.js";
import { MalformedAlertError } from "../ingest/malformed-alert-error.js";
import { PermanentJobError } from "../jobs/job-errors.js";
import type { JobHandler } from "../jobs/worker.js";
import { asJobError } from "./as-job-error.js";
import {
  JOB_KINDS,
  fixCodePayload,
  fixDependenciesPayload,
  runCommandPayload,
  type FixDependenciesPayload,
  fixMergedPayload,
  fixReviewPayload,
  gateFixPayload,
  type GateFixPayload,
  pruneJob,
  repositoryJobPayload,
  splitFullName,
  syncAlertJob,
  syncAlertPayload,
  type FixCodePayload,
  type RepositoryJobPayload,
  type RepositoryStub,
  type SyncAlertPayload,
} from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { fixCodeAlert } from "./fix-code-alert.js";
import { runCommand } from "./run-command.js";
import { fixDependencies } from "./fix-dependencies.js";
import { resolveRepoConfig } from "./resolve-repo-config.js";
import { gateFix } from "./gate-fix.js";
import { recordFixPullClosed } from "./track-fix-pull.js";
import { syncFinding } from "./sync-finding.js";
import { slaCheckHandlers } from "./check-sla.js";

const SOURCES: AlertSource[] = ["code_scanning", "dependabot"];

const DAY_MS = 86_400_000;
/**
 * A delivery id must be remembered for as long as GitHub lets anyone redeliver it (up to 30 days
 * in GitHub's documentation), or a late redelivery would be taken for a new event.
 */
export const DELIVERY_RETENTION_MS = 35 * DAY_MS;
export const DONE_JOB_RETENTION_MS = 14 * DAY_MS;
export const PRUNE_INTERVAL_MS = DAY_MS;

async function withDefaultBranch(github: GitHubClient, stub: RepositoryStub): Promise<RepositoryRef> {
  if (stub.defaultBranch) return { ...stub, defaultBranch: stub.defaultBranch };
  const { data } = await github.rest.repos.get(splitFullName(stub.fullName));
  return { id: stub.id, fullName: stub.fullName, defaultBranch: data.default_branch };
}

function snapshotFromApi(source: AlertSource, alert: unknown) {
  return source === "code_scanning" ? codeScanningAlertToSnapshot(alert, { fromApi: true }) : dependabotAlertToSnapshot(alert);
}

function parsePayload<T>(job: Job, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } } }): T {
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`job ${job.id} (${job.kind}) has a malformed payload: ${parsed.error.message}`);
  return parsed.data;
}

/** The work behind each job kind. Each handler re-reads GitHub, so running it twice is harmless. */
export function createJobHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  const { store, clock, log } = deps;
  const now = () => clock().toISOString();

  async function syncAlert(payload: SyncAlertPayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const config = await resolveRepoConfig({ store, github, installationId: payload.installationId, repository: payload.repository, lease, now });
    if (!config) {
      log.info({ repository: payload.repository.fullName, alert: payload.alertNumber }, "configuration invalid: finding held");
      return;
    }
    let raw: unknown;
    try {
      raw = await getAlert(github, payload.source, splitFullName(payload.repository.fullName), payload.alertNumber);
    } catch (error) {
      if (classifyGitHubError(error, clock()).kind !== "not_found") throw error;
      // The alert is gone (the tool was removed or the repository lost access): say so, keep the finding.
      await store.transaction(
        (tx) =>
          appendAuditEvent(
            tx,
            {
              actor: { type: "secfix", login: "secfix" },
              installationId: payload.installationId,
              repository: payload.repository.fullName,
              subject: `alert:${payload.repository.id}:${payload.source}:${payload.alertNumber}`,
              action: "alert.unavailable",
              details: { status: 404 },
            },
            now(),
          ),
        { lease },
      );
      return;
    }
    await syncFinding(store, {
      installationId: payload.installationId,
      repository: payload.repository,
      snapshot: snapshotFromApi(payload.source, raw),
      config,
      lease,
      now: now(),
    });
  }

  async function backfillRepository(payload: RepositoryJobPayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const { installationId } = payload;
    const repository = await withDefaultBranch(github, payload.repository);
    const config = await resolveRepoConfig({ store, github, installationId, repository, lease, now });
    if (!config) return;
    const coordinates = splitFullName(repository.fullName);
    // Code scanning or Dependabot alerts are not enabled for this repository (or not readable by the app).
    const featureOff = (error: unknown) => ["forbidden", "not_found"].includes(classifyGitHubError(error, clock()).kind);
    const counts: Record<string, number | string> = {};
    const seen = new Set<string>();
    for (const source of SOURCES) {
      let alerts: unknown[];
      try {
        alerts = await listOpenAlerts(github, source, coordinates);
      } catch (error) {
        if (!featureOff(error)) throw error;
        counts[source] = "unavailable";
        continue;
      }
      let malformed = 0;
      for (const raw of alerts) {
        let snapshot;
        try {
          snapshot = snapshotFromApi(source, raw);
        } catch (error) {
          if (!(error instanceof MalformedAlertError)) throw error;
          malformed += 1;
          log.warn({ repository: repository.fullName, source, problems: error.problems }, "malformed alert skipped in backfill");
          continue;
        }
        const { finding } = await syncFinding(store, { installationId, repository, snapshot, config, lease, now: now() });
        seen.add(finding.id);
      }
      counts[source] = alerts.length - malformed;
      if (malformed > 0) counts[`${source}_malformed`] = malformed;
    }
    // The manual baseline: alerts fixed before secfix's first backfill, read once per source.
    const baseline = await store.read((reader) => reader.getBaselineRecord(repository.id));
    const sampleContext = { repositoryId: repository.id, repository: repository.fullName, installationId, cutoff: baseline?.cutoff ?? now() };
    const baselineSources = { ...baseline?.sources };
    const baselineCounts: Record<string, number | string> = {};
    const samples: BaselineSample[] = [];
    for (const source of SOURCES.filter((candidate) => baselineSources[candidate] === undefined)) {
      let fixed: unknown[] | null = null;
      try {
        if (counts[source] !== "unavailable") fixed = await listFixedAlerts(github, source, coordinates);
      } catch (error) {
        if (!featureOff(error)) throw error;
      }
      if (fixed === null) {
        // Not recorded: a later backfill, once the feature is on, reads it with the same cutoff.
        baselineCounts[source] = "unavailable";
        continue;
      }
      const taken = fixed.flatMap((raw) => {
        try {
          return baselineSampleFromAlert(snapshotFromApi(source, raw), sampleContext) ?? [];
        } catch (error) {
          if (!(error instanceof MalformedAlertError)) throw error;
          return [];
        }
      });
      samples.push(...taken);
      baselineSources[source] = taken.length;
      baselineCounts[source] = taken.length;
    }
    // Findings secfix still holds open but GitHub no longer lists were closed while nobody listened.
    const stale = (await store.read((reader) => reader.listFindings({ repository: repository.fullName, state: "open" }))).filter(
      (finding) => !seen.has(finding.id) && counts[finding.alert.source] !== "unavailable",
    );
    await store.transaction(
      async (tx) => {
        for (const finding of stale) {
          await tx.enqueueJob(syncAlertJob(installationId, repository, finding.alert.source, finding.alert.alertNumber), now());
        }
        if (Object.values(baselineCounts).some((count) => typeof count === "number")) {
          await tx.saveBaselineSamples({ ...sampleContext, sources: baselineSources }, samples);
        }
        await appendAuditEvent(
          tx,
          {
            actor: { type: "secfix", login: "secfix" },
            installationId,
            repository: repository.fullName,
            subject: `repository:${repository.fullName}`,
            action: "repository.backfilled",
            details: {
              openAlerts: counts,
              rechecked: stale.length,
              ...(Object.keys(baselineCounts).length > 0 && { baselineSamples: baselineCounts }),
            },
          },
          now(),
        );
      },
      { lease },
    );
  }

  async function fixRepositoryDependencies(payload: FixDependenciesPayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const repository = await withDefaultBranch(github, payload.repository);
    const config = await resolveRepoConfig({ store, github, installationId: payload.installationId, repository, lease, now });
    if (!config) return;
    await fixDependencies(deps, { installationId: payload.installationId, repository, config, lease, ...(payload.retry && { retry: payload.retry }) });
  }

  async function fixCodeFinding(payload: FixCodePayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const repository = await withDefaultBranch(github, payload.repository);
    const config = await resolveRepoConfig({ store, github, installationId: payload.installationId, repository, lease, now });
    if (!config) return;
    await fixCodeAlert(deps, { installationId: payload.installationId, repository, findingId: payload.findingId, config, lease, ...(payload.retry && { retry: payload.retry }) });
  }

  async function gateFixPull(payload: GateFixPayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const repository = await withDefaultBranch(github, payload.repository);
    const config = await resolveRepoConfig({ store, github, installationId: payload.installationId, repository, lease, now });
    if (!config) return;
    await gateFix(deps, { installationId: payload.installationId, repository, pullNumber: payload.pullNumber, config, lease });
  }

  async function checkRepoConfig(payload: RepositoryJobPayload, lease: JobLease): Promise<void> {
    const github = await deps.github(payload.installationId);
    const repository = await withDefaultBranch(github, payload.repository);
    await resolveRepoConfig({ store, github, installationId: payload.installationId, repository, lease, now });
  }

  async function prune(lease: JobLease): Promise<void> {
    const at = clock().getTime();
    const removed = await store.transaction(
      async (tx) => {
        const counts = await tx.prune({
          deliveries: new Date(at - DELIVERY_RETENTION_MS).toISOString(),
          doneJobs: new Date(at - DONE_JOB_RETENTION_MS).toISOString(),
        });
        await tx.enqueueJob(pruneJob(new Date(at + PRUNE_INTERVAL_MS).toISOString()), now());
        return counts;
      },
      { lease },
    );
    log.info(removed, "old deliveries and finished jobs pruned");
  }

  const wrap =
    <T>(what: string, schema: Parameters<typeof parsePayload<T>>[1], run: (payload: T, lease: JobLease) => Promise<void>): JobHandler =>
    async (job, { lease }) => {
      const payload = parsePayload(job, schema);
      try {
        await run(payload, lease);
      } catch (error) {
        throw asJobError(error, what, clock());
      }
    };

  return {
    [JOB_KINDS.syncAlert]: wrap("sync alert", syncAlertPayload, syncAlert),
    [JOB_KINDS.backfillRepository]: wrap("backfill repository", repositoryJobPayload, backfillRepository),
    [JOB_KINDS.checkRepoConfig]: wrap("check configuration", repositoryJobPayload, checkRepoConfig),
    [JOB_KINDS.fixDependencies]: wrap("fix dependencies", fixDependenciesPayload, fixRepositoryDependencies),
    [JOB_KINDS.runCommand]: async (job, { lease }) => {
      const payload = parsePayload(job, runCommandPayload);
      try {
        await runCommand(deps, payload, { lease, attempts: job.attempts, maxAttempts: job.maxAttempts });
      } catch (error) {
        throw asJobError(error, "run a /secfix command", clock());
      }
    },
    [JOB_KINDS.fixCode]: wrap("fix code alert", fixCodePayload, fixCodeFinding),
    [JOB_KINDS.gateFix]: wrap("gate a fix pull request", gateFixPayload, gateFixPull),
    // Review jobs queued by an earlier version: a review is now one more reason to gate the PR.
    [JOB_KINDS.fixReview]: wrap("record a fix review", fixReviewPayload, gateFixPull),
    [JOB_KINDS.fixMerged]: wrap("record a closed fix PR", fixMergedPayload, (payload, lease) =>
      recordFixPullClosed(deps, { ...payload, repository: { ...payload.repository, defaultBranch: payload.repository.defaultBranch ?? "" }, lease }),
    ),
    [JOB_KINDS.prune]: async (_job, { lease }) => prune(lease),
    ...slaCheckHandlers(deps),
  };
}
