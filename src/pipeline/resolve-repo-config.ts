import { appendAuditEvent } from "../audit/append-audit-event.js";
import type { SecfixConfig } from "../config/config.schema.js";
import { configProblemsFingerprint } from "../config/config-problems-fingerprint.js";
import type { RepositoryRef } from "../domain/finding.js";
import type { JobLease } from "../domain/job.js";
import { getBranchHead } from "../github/get-branch-head.js";
import type { GitHubClient } from "../github/github-client.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { reportConfigStatus } from "../github/report-config-status.js";
import type { Store } from "../store/store.js";
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
  const audit = { actor: { type: "secfix" as const, login: "secfix" }, installationId, repository: repository.fullName, subject: `config:${repository.fullName}` };

  if (result.status === "invalid") {
    const fingerprint = configProblemsFingerprint(result.problems);
    if (previous && !previous.valid && previous.errorFingerprint === fingerprint) return null;
    const headSha = await getBranchHead(github, coordinates, repository.defaultBranch);
    const checkRunId = await reportConfigStatus(github, { ...coordinates, headSha, result });
    await store.transaction(
      async (tx) => {
        await tx.saveRepoConfigStatus({
          repositoryId: repository.id,
          repository: repository.fullName,
          valid: false,
          errorFingerprint: fingerprint,
          reportedCheckRunId: checkRunId,
          reportedSha: headSha,
          updatedAt: now(),
        });
        await appendAuditEvent(
          tx,
          {
            ...audit,
            action: "config.invalid",
            details: {
              checkRunId,
              headSha,
              problems: result.problems.map((p) => ({ file: p.file?.path ?? null, line: p.line, key: p.keyPath, message: p.message })),
            },
          },
          now(),
        );
      },
      { lease },
    );
    return null;
  }

  if (previous && !previous.valid) {
    const headSha = await getBranchHead(github, coordinates, repository.defaultBranch);
    const checkRunId = await reportConfigStatus(github, { ...coordinates, headSha, result });
    await store.transaction(
      async (tx) => {
        await tx.saveRepoConfigStatus({
          repositoryId: repository.id,
          repository: repository.fullName,
          valid: true,
          errorFingerprint: null,
          reportedCheckRunId: checkRunId,
          reportedSha: headSha,
          updatedAt: now(),
        });
        await appendAuditEvent(tx, { ...audit, action: "config.fixed", details: { checkRunId, headSha } }, now());
        await tx.enqueueJob(backfillRepositoryJob(installationId, repository), now());
      },
      { lease },
    );
  } else if (!previous) {
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
