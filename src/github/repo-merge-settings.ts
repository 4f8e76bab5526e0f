import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export type MergeMethod = "merge" | "squash" | "rebase";

export interface RepoMergeSettings {
  allowAutoMerge: boolean;
  allowedMethods: MergeMethod[];
  deleteBranchOnMerge: boolean;
  ownerType: "Organization" | "User";
}

/**
 * How the repository lets pull requests merge. GitHub only reports the merge settings to
 * tokens that may write contents; when absent they read as GitHub's defaults (auto-merge off,
 * every merge method on), so auto-merge is never assumed available.
 */
export async function getRepoMergeSettings(github: GitHubClient, repo: RepoCoordinates): Promise<RepoMergeSettings> {
  const { data } = await github.rest.repos.get({ ...repo });
  const allowed: Record<MergeMethod, boolean | undefined> = {
    merge: data.allow_merge_commit,
    squash: data.allow_squash_merge,
    rebase: data.allow_rebase_merge,
  };
  return {
    allowAutoMerge: data.allow_auto_merge ?? false,
    // The order is the preference order for a fix: one commit per fix keeps reverts simple.
    allowedMethods: (["squash", "merge", "rebase"] as const).filter((method) => allowed[method] ?? true),
    deleteBranchOnMerge: data.delete_branch_on_merge ?? false,
    ownerType: data.owner.type === "Organization" ? "Organization" : "User",
  };
}
