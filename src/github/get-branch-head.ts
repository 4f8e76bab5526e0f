import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export async function getBranchHead(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<string> {
  const { data } = await github.rest.repos.getBranch({ ...repo, branch });
  return data.commit.sha;
}
