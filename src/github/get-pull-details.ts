import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface PullDetails {
  number: number;
  /** The GraphQL id, which auto-merge (GraphQL only) needs. */
  nodeId: string;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headSha: string;
  headRef: string;
  /** Null when the head repository (a fork) was deleted. */
  headRepoFullName: string | null;
  baseRef: string;
  baseSha: string;
  authorLogin: string | null;
  authorType: string | null;
  authorId: number | null;
  /** Null while GitHub is still computing mergeability; ask again later. */
  mergeable: boolean | null;
  /** clean, blocked, behind, dirty, unstable, has_hooks, draft or unknown. */
  mergeableState: string;
  /** The test merge commit while open (what `refs/pull/<n>/merge` points at); the merge once merged. */
  mergeCommitSha: string | null;
  url: string;
  title: string;
}

/** A pull request as GitHub has it now (webhook payloads go stale the moment anyone pushes). */
export async function getPullDetails(github: GitHubClient, repo: RepoCoordinates, number: number): Promise<PullDetails> {
  const { data } = await github.rest.pulls.get({ ...repo, pull_number: number });
  return {
    number: data.number,
    nodeId: data.node_id,
    state: data.state === "closed" ? "closed" : "open",
    merged: data.merged,
    draft: data.draft ?? false,
    headSha: data.head.sha,
    headRef: data.head.ref,
    headRepoFullName: data.head.repo?.full_name ?? null,
    baseRef: data.base.ref,
    baseSha: data.base.sha,
    authorLogin: data.user?.login ?? null,
    authorType: data.user?.type ?? null,
    authorId: data.user?.id ?? null,
    mergeable: data.mergeable ?? null,
    mergeableState: data.mergeable_state,
    mergeCommitSha: data.merge_commit_sha ?? null,
    url: data.html_url,
    title: data.title,
  };
}
