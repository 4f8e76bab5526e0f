import type { FileChange, RepoFiles } from "../domain/dependency-fix.js";
import { createBranch, moveBranch } from "./git-commits.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { createRepoFiles } from "./repo-files.js";

export type AutofixState =
  | { status: "unavailable"; reason: string }
  | { status: "requested" }
  | { status: "pending" | "error" | "outdated" }
  | { status: "success"; description: string };

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/**
 * GitHub's Copilot Autofix for the alert. A repository without it (no GitHub Advanced Security,
 * not CodeQL, archived) answers 403/404: that means unavailable, not an error. When no fix exists
 * yet, one is requested for a later pass.
 */
export async function getAutofix(github: GitHubClient, repo: RepoCoordinates, alertNumber: number): Promise<AutofixState> {
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix", { ...repo, alert_number: alertNumber });
    if (data.status === "success") return { status: "success", description: data.description ?? "" };
    return { status: data.status };
  } catch (error) {
    const status = statusOf(error);
    if (status === 403) return { status: "unavailable", reason: "Copilot Autofix is not enabled for this repository" };
    if (status !== 404) throw error;
  }
  try {
    await github.request("POST /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix", { ...repo, alert_number: alertNumber });
    return { status: "requested" };
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404 || status === 422) return { status: "unavailable", reason: `GitHub declined to generate an autofix (${status})` };
    throw error;
  }
}

/**
 * The autofix's changes as files, without publishing anything: GitHub commits the fix to a scratch
 * branch at the base, secfix reads what changed, and the scratch branch is deleted. The fix then
 * goes through the same local checks and publishing as any other candidate.
 */
export async function readAutofixChanges(
  github: GitHubClient,
  repo: RepoCoordinates,
  alertNumber: number,
  baseSha: string,
  /** The base commit's files as the caller already reads them (cached reads are not repeated). */
  before: RepoFiles,
): Promise<FileChange[]> {
  const scratch = `secfix/autofix-scratch/${alertNumber}`;
  const created = await createBranch(github, repo, scratch, baseSha);
  if (created.status === "exists") await moveBranch(github, repo, scratch, baseSha);
  try {
    const { data: commit } = await github.request("POST /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix/commits", {
      ...repo,
      alert_number: alertNumber,
      target_ref: `refs/heads/${scratch}`,
      message: `Autofix for code scanning alert ${alertNumber}`,
    });
    const head = commit.sha;
    if (!head) return [];
    const { data: comparison } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseSha}...${head}` });
    const after = createRepoFiles(github, repo, head);
    const changes: FileChange[] = [];
    for (const file of comparison.files ?? []) {
      // A rename shows as the old path removed and the new one added; the scope gate refuses both.
      if (file.status === "renamed" && file.previous_filename) changes.push({ path: file.previous_filename, before: await before.read(file.previous_filename), after: null });
      changes.push({
        path: file.filename,
        before: file.status === "added" ? null : await before.read(file.filename),
        after: file.status === "removed" ? null : await after.read(file.filename),
      });
    }
    return changes;
  } finally {
    await github.rest.git.deleteRef({ ...repo, ref: `heads/${scratch}` });
  }
}
