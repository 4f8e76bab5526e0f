import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface ComparedFile {
  path: string;
  /** added, removed, modified, renamed, copied, changed or unchanged. */
  status: string;
  /** The old path of a renamed or copied file. */
  previousPath: string | null;
}

export interface ComparedCommit {
  sha: string;
  /** The GitHub accounts git's author and committer resolve to; null when no account matches. */
  authorLogin: string | null;
  committerLogin: string | null;
  authorType: string | null;
}

export interface CommitComparison {
  aheadBy: number;
  behindBy: number;
  mergeBaseSha: string;
  files: ComparedFile[];
  /**
   * GitHub lists at most 300 changed files per comparison, on the first page only (later pages
   * repeat none), so a list of 300 may be cut short. The pull request files endpoint goes to 3,000.
   */
  filesTruncated: boolean;
  /** Chronological, oldest first. */
  commits: ComparedCommit[];
  /** Set when more than {@link MAX_COMMITS} commits lie between base and head; the rest are not listed. */
  commitsTruncated: boolean;
}

/** GitHub's own cap on the files of one comparison. */
export const COMPARE_FILES_LIMIT = 300;
/** A fix branch has a handful of commits; thousands mean the wrong base, not a fix to audit. */
export const MAX_COMMITS = 1_000;

/**
 * What `head` adds on top of `base` (`git log base..head`, via the merge base). Paging with
 * `per_page` keeps commits in order; without it GitHub stops at 250 commits.
 */
export async function compareCommits(
  github: GitHubClient,
  repo: RepoCoordinates,
  base: string,
  head: string,
): Promise<CommitComparison> {
  const basehead = `${base}...${head}`;
  const first = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead, per_page: 100, page: 1 });
  const commits = first.data.commits.map(toCommit);
  for (let page = 2; commits.length < Math.min(first.data.total_commits, MAX_COMMITS); page++) {
    const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead, per_page: 100, page });
    if (data.commits.length === 0) break;
    commits.push(...data.commits.map(toCommit));
  }
  const files = (first.data.files ?? []).map(
    (file): ComparedFile => ({ path: file.filename, status: file.status, previousPath: file.previous_filename ?? null }),
  );
  return {
    aheadBy: first.data.ahead_by,
    behindBy: first.data.behind_by,
    mergeBaseSha: first.data.merge_base_commit.sha,
    files,
    filesTruncated: files.length >= COMPARE_FILES_LIMIT,
    commits: commits.slice(0, MAX_COMMITS),
    commitsTruncated: first.data.total_commits > MAX_COMMITS,
  };
}

type CompareCommit = Awaited<ReturnType<GitHubClient["rest"]["repos"]["compareCommitsWithBasehead"]>>["data"]["commits"][number];

function toCommit(commit: CompareCommit): ComparedCommit {
  return {
    sha: commit.sha,
    authorLogin: commit.author?.login ?? null,
    committerLogin: commit.committer?.login ?? null,
    authorType: commit.author?.type ?? null,
  };
}
