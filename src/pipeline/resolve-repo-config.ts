import { appendAuditEvent } from "../audit/append-audit-event.js";
import type { SecfixConfig } from "../config/config.schema.js";
import { configProblemsFingerprint } from "../config/config-problems-fingerprint.js";
import type { ConfigResult } from "../config/validate-config.js";
import type { RepositoryRef } from "../domain/finding.js";
import type { JobLease } from "../domain/job.js";
import { getBranchTip } from "../github/get-branch-tip.js";
import type { GitHubClient } from "../github/github-client.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { reportConfigStatus } from "../github/report-config-status.js";
import type { Store, StoreTx } from "../store/store.js";
import { backfillRepositoryJob, splitFullName } from "./job-payloads.js";

export interface ResolveRepoConfigInput {
  store: Store;
  github: GitHubClient;
  installationId: number;
  repository: RepositoryRef;
  lease: JobLease;
  now: () => string;
}

/**
 * The repository's configuration, or null when its file is invalid: then secfix acts on
 * nothing there. The owner hears about a broken file once (a failing `secfix config` check run
 * on the default branch head), and again only when the file breaks differently. When a broken
 * file is fixed, a success check run says so and the repository is backfilled, so findings held
 * meanwhile are triaged.
 */
export async function resolveRepoConfig(input: ResolveRepoConfigInput): Promise<SecfixConfig | null> {
  const { store, github, installationId, repository, lease, now } = input;
  const coordinates = splitFullName(repository.fullName);
  const result = await loadRepoConfig(github, coordinates);
  const previous = await store.read((reader) => reader.getRepoConfigStatus(repository.id));
  const fingerprint = result.status === "invalid" ? configProblemsFingerprint(result.problems) : null;
  const wasInvalid = previous !== null && !previous.valid;

  /** Tells the owner on the default branch head and records the new status with its audit event. */
  async function report(result: ConfigResult, record: (tx: StoreTx, checkRunId: number, headSha: string) => Promise<unknown>): Promise<void> {
    const { sha: headSha } = await getBranchTip(github, coordinates, repository.defaultBranch);
    const checkRunId = await reportConfigStatus(github, { ...coordinates, headSha, result });
    await store.transaction(async (tx) => {
      await tx.saveRepoConfigStatus({
        repositoryId: repository.id,
        repository: repository.fullName,
        valid: result.status !== "invalid",
        errorFingerprint: fingerprint,
        reportedCheckRunId: checkRunId,
        reportedSha: headSha,
        updatedAt: now(),
      });
      await record(tx, checkRunId, headSha);
    }, { lease });
  }
  const audit = (action: string, details: Record<string, unknown>) => ({
    actor: { type: "secfix" as const, login: "secfix" },
    installationId,
    repository: repository.fullName,
    subject: `config:${repository.fullName}`,
    action,
    details,
  });

  if (result.status === "invalid") {
    if (wasInvalid && previous.errorFingerprint === fingerprint) return null;
    const problems = result.problems.map((p) => ({ file: p.file?.path ?? null, line: p.line, key: p.keyPath, message: p.message }));
    await report(result, (tx, checkRunId, headSha) => appendAuditEvent(tx, audit("config.invalid", { checkRunId, headSha, problems }), now()));
    return null;
  }

  if (wasInvalid) {
    await report(result, async (tx, checkRunId, headSha) => {
      await appendAuditEvent(tx, audit("config.fixed", { checkRunId, headSha }), now());
      await tx.enqueueJob(backfillRepositoryJob(installationId, repository), now());
    });
  } else if (!previous) {
    // First sight of a usable config: nothing to tell anyone, only remember it.
    await store.transaction(
      (tx) =>
        tx.saveRepoConfigStatus({
          repositoryId: repository.id,
          repository: repository.fullName,
          valid: true,
          errorFingerprint: null,
          reportedCheckRunId: null,
          reportedSha: null,
          updatedAt: now(),
        }),
      { lease },
    );
  }
  return result.config;
}
