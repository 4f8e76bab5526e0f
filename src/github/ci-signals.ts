import type { CiCheckRun, CiStatus } from "../domain/ci-signal.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** Hundreds of commit-status contexts on one commit would be a broken CI, not a fix to judge. */
const MAX_STATUS_PAGES = 10;

/**
 * The check runs on a commit, latest run per name and app (`filter: latest`), every page, in
 * GitHub's order. A run names its app so a gate can tell a required check from a look-alike.
 */
export async function listCheckRuns(github: GitHubClient, repo: RepoCoordinates, sha: string): Promise<CiCheckRun[]> {
  const runs = await github.paginate(github.rest.checks.listForRef, { ...repo, ref: sha, filter: "latest", per_page: 100 });
  return runs.map(
    (run): CiCheckRun => ({
      name: run.name,
      appId: run.app?.id ?? null,
      appSlug: run.app?.slug ?? null,
      status: run.status,
      conclusion: run.conclusion ?? null,
      url: run.html_url ?? run.details_url ?? null,
    }),
  );
}

/**
 * The commit statuses on a commit, latest per context (the combined status already keeps only
 * the newest per context). The combined status is one object, not a list, so Octokit's paginate
 * cannot page it; pages are followed until `total_count` statuses have been seen.
 */
export async function listCommitStatuses(github: GitHubClient, repo: RepoCoordinates, sha: string): Promise<CiStatus[]> {
  const statuses: CiStatus[] = [];
  for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
    const { data } = await github.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: 100, page });
    for (const status of data.statuses) {
      statuses.push({ context: status.context, state: statusState(status.state), url: status.target_url ?? null });
    }
    if (data.statuses.length === 0 || statuses.length >= data.total_count) break;
  }
  return statuses;
}

/** The schema types state as a plain string; anything unexpected counts as still pending. */
function statusState(state: string): CiStatus["state"] {
  return state === "error" || state === "failure" || state === "success" ? state : "pending";
}
