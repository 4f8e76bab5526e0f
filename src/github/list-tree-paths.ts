import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface TreeListing {
  /** Paths of files (blobs), with their sizes in bytes. */
  files: { path: string; size: number }[];
  /** GitHub cuts a recursive tree past 100,000 entries or 7 MB; the listing is then partial. */
  truncated: boolean;
}

/** Every file of a commit's tree, in one request. */
export async function listTreePaths(github: GitHubClient, repo: RepoCoordinates, commitSha: string): Promise<TreeListing> {
  const { data } = await github.rest.git.getTree({ ...repo, tree_sha: commitSha, recursive: "true" });
  return {
    files: data.tree.filter((entry) => entry.type === "blob" && entry.path).map((entry) => ({ path: entry.path!, size: entry.size ?? 0 })),
    truncated: data.truncated,
  };
}
