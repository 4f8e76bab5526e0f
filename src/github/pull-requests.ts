import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface PullRequestRef {
  number: number;
  url: string;
  title: string;
  headSha: string;
  branch: string;
  author: string;
  state: "open" | "closed";
  merged: boolean;
}

function refOf(pull: {
  number: number;
  html_url: string;
  title: string;
  head: { sha: string; ref: string };
  user: { login: string } | null;
  state: string;
  merged_at?: string | null;
}): PullRequestRef {
  return {
    number: pull.number,
    url: pull.html_url,
    title: pull.title,
    headSha: pull.head.sha,
    branch: pull.head.ref,
    author: pull.user?.login ?? "",
    state: pull.state === "open" ? "open" : "closed",
    merged: Boolean(pull.merged_at),
  };
}

/**
 * Opens the pull request, or adopts the open one that already exists for the branch (a retry
 * after the PR was created but before it was recorded): GitHub answers 422 for a duplicate.
 */
export async function openPullRequest(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { branch: string; base: string; title: string; body: string },
): Promise<PullRequestRef & { adopted: boolean }> {
  try {
    const { data } = await github.rest.pulls.create({ ...repo, head: input.branch, base: input.base, title: input.title, body: input.body });
    return { ...refOf(data), adopted: false };
  } catch (error) {
    if ((error as { status?: unknown }).status !== 422) throw error;
    const { data } = await github.rest.pulls.list({ ...repo, head: `${repo.owner}:${input.branch}`, state: "open", per_page: 1 });
    const existing = data[0];
    if (!existing) throw error;
    return { ...refOf(existing), adopted: true };
  }
}

export async function listOpenPullRequests(github: GitHubClient, repo: RepoCoordinates): Promise<PullRequestRef[]> {
  const pulls = await github.paginate(github.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  return pulls.map(refOf);
}

export async function getPullRequest(github: GitHubClient, repo: RepoCoordinates, number: number): Promise<PullRequestRef> {
  const { data } = await github.rest.pulls.get({ ...repo, pull_number: number });
  return refOf(data);
}

export async function updatePullRequestBody(github: GitHubClient, repo: RepoCoordinates, number: number, input: { title: string; body: string }): Promise<void> {
  await github.rest.pulls.update({ ...repo, pull_number: number, title: input.title, body: input.body });
}

export async function addLabels(github: GitHubClient, repo: RepoCoordinates, number: number, labels: string[]): Promise<void> {
  await github.rest.issues.addLabels({ ...repo, issue_number: number, labels });
}

export async function commentOnPullRequest(github: GitHubClient, repo: RepoCoordinates, number: number, body: string): Promise<void> {
  await github.rest.issues.createComment({ ...repo, issue_number: number, body });
}

export async function closePullRequest(github: GitHubClient, repo: RepoCoordinates, number: number): Promise<void> {
  await github.rest.pulls.update({ ...repo, pull_number: number, state: "closed" });
}

/** Asks teams (slugs in the repository's organisation) to review; an `org/` prefix is dropped. */
export async function requestTeamReview(github: GitHubClient, repo: RepoCoordinates, number: number, teams: readonly string[]): Promise<void> {
  const team_reviewers = teams.map((team) => team.slice(team.indexOf("/") + 1));
  await github.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: [], team_reviewers });
}
