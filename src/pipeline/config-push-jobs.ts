import type { RepositoryRef } from "../domain/finding.js";
import type { JobInput } from "../domain/job.js";
import type { Store } from "../store/store.js";
import { checkRepoConfigJob } from "./job-payloads.js";

/**
 * Which repositories must re-check their configuration after `.github/secfix.yml` changed in
 * `repository`. The owner's `.github` repository holds the defaults of every repository without a
 * file of its own, so a change there re-checks every repository secfix tracks in the installation.
 */
export async function configPushJobs(store: Store, installationId: number, repository: RepositoryRef): Promise<JobInput[]> {
  const own = checkRepoConfigJob(installationId, repository);
  if (repository.fullName.split("/")[1] !== ".github") return [own];
  const tracked = await store.read((reader) => reader.listFindings({ installationId }));
  const owner = repository.fullName.split("/")[0]!.toLowerCase();
  const others = new Map<number, JobInput>();
  for (const { repository: repo } of tracked) {
    if (repo.id !== repository.id && repo.fullName.split("/")[0]!.toLowerCase() === owner) {
      others.set(repo.id, checkRepoConfigJob(installationId, repo));
    }
  }
  return [own, ...others.values()];
}
