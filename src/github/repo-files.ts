import type { RepoFiles } from "../domain/dependency-fix.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** Files of the repository at one commit, read on demand through the contents API and cached. */
export function createRepoFiles(github: GitHubClient, repo: RepoCoordinates, ref: string): RepoFiles & { readonly reads: number } {
  const cache = new Map<string, Promise<string | null>>();
  let reads = 0;
  const read = async (path: string): Promise<string | null> => {
    reads += 1;
    try {
      const response = await github.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref, mediaType: { format: "raw" } });
      const data: unknown = response.data;
      // A directory answers with a JSON listing, not file text.
      return typeof data === "string" ? data : null;
    } catch (error) {
      if ((error as { status?: unknown }).status === 404) return null;
      throw error;
    }
  };
  return {
    read(path: string) {
      const normalised = path.replace(/^\.?\//, "");
      let pending = cache.get(normalised);
      if (!pending) {
        pending = read(normalised);
        cache.set(normalised, pending);
      }
      return pending;
    },
    get reads() {
      return reads;
    },
  };
}
