import type { RepositoryRef } from "../domain/finding.js";
import type { JobInput } from "../domain/job.js";
import type { Store } from "../store/store.js";
import { gateFixJob } from "./job-payloads.js";

/**
 * The gate passes a CI signal on `sha` should wake: secfix's open fix PRs whose head (as secfix
 * pushed it, or as last gated) is that commit, or that GitHub names in the event.
 */
export async function gateJobsForCommit(
  store: Store,
  input: { installationId: number; repository: RepositoryRef; sha: string; pullNumbers: readonly number[]; now: string },
): Promise<JobInput[]> {
  const attempts = await store.read((reader) => reader.listFixAttempts({ repositoryId: input.repository.id }));
  const numbers = new Set<number>();
  for (const attempt of attempts) {
    const pull = attempt.pullRequest;
    if (!pull || pull.state !== "open" || pull.adoptedFrom !== null) continue;
    if (pull.headSha === input.sha || attempt.gates?.headSha === input.sha || input.pullNumbers.includes(pull.number)) numbers.add(pull.number);
  }
  return [...numbers].sort((a, b) => a - b).map((number) => gateFixJob(input.installationId, input.repository, number, input.now));
}
