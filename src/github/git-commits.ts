import type { FileChange } from "../domain/dependency-fix.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface CommitResult {
  commitSha: string;
  treeSha: string;
}

/**
 * One commit on top of `parentSha` holding the changed files, made through the Git Data API
 * without a clone: a tree with `base_tree` and inline content (so untouched files stay), then the
 * commit. Two requests; GitHub signs the commit as the app.
 */
export async function createCommit(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { parentSha: string; baseTreeSha: string; message: string; files: readonly FileChange[] },
): Promise<CommitResult> {
  const { data: tree } = await github.rest.git.createTree({
    ...repo,
    base_tree: input.baseTreeSha,
    tree: input.files.map((file) =>
      file.after === null
        ? { path: file.path, mode: "100644" as const, type: "blob" as const, sha: null }
        : { path: file.path, mode: "100644" as const, type: "blob" as const, content: file.after },
    ),
  });
  const { data: commit } = await github.rest.git.createCommit({ ...repo, message: input.message, tree: tree.sha, parents: [input.parentSha] });
  return { commitSha: commit.sha, treeSha: tree.sha };
}

export type BranchWrite = { status: "created" } | { status: "exists"; sha: string };

/** Creates `refs/heads/<branch>` at `sha`; an existing branch is reported with its head, not overwritten. */
export async function createBranch(github: GitHubClient, repo: RepoCoordinates, branch: string, sha: string): Promise<BranchWrite> {
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return { status: "created" };
  } catch (error) {
    if ((error as { status?: unknown }).status !== 422) throw error;
    const head = await getBranchHeadSha(github, repo, branch);
    if (head === null) throw error;
    return { status: "exists", sha: head };
  }
}

/** The branch's head commit, or null when the branch does not exist. */
export async function getBranchHeadSha(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<string | null> {
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}

/** The tree and parents of a commit: enough to tell whether a branch head is secfix's own work. */
export async function getCommit(github: GitHubClient, repo: RepoCoordinates, sha: string): Promise<{ treeSha: string; parents: string[] }> {
  const { data } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  return { treeSha: data.tree.sha, parents: data.parents.map((parent) => parent.sha) };
}

/**
 * Moves a branch that holds only secfix's commit onto a new one. Forced, because the new commit
 * sits on a newer base; callers check first that nobody else pushed to the branch.
 */
export async function moveBranch(github: GitHubClient, repo: RepoCoordinates, branch: string, sha: string): Promise<void> {
  await github.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
}
