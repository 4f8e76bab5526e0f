import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface BranchTip {
  sha: string;
  treeSha: string;
}

/** A branch's head commit and its tree, in one request (what a new commit on top needs). */
export async function getBranchTip(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<BranchTip> {
  const { data } = await github.rest.repos.getBranch({ ...repo, branch });
  return { sha: data.commit.sha, treeSha: data.commit.commit.tree.sha };
}
