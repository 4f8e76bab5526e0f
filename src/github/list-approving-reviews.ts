import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface PullReview {
  id: number;
  login: string | null;
  /** The reviewer's account type ("User", "Bot"); null when the account was deleted. */
  type: string | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING, as GitHub reports it. */
  state: string;
  /** The head commit the review was made on; approvals of an older head do not cover a newer one. */
  commitId: string | null;
  submittedAt: string | null;
}

/** Every review on the pull request, oldest first (GitHub's order), so later reviews override earlier ones. */
export async function listReviews(github: GitHubClient, repo: RepoCoordinates, pullNumber: number): Promise<PullReview[]> {
  const reviews = await github.paginate(github.rest.pulls.listReviews, { ...repo, pull_number: pullNumber, per_page: 100 });
  return reviews.map((review) => ({
    id: review.id,
    login: review.user?.login ?? null,
    type: review.user?.type ?? null,
    state: review.state,
    commitId: review.commit_id ?? null,
    submittedAt: review.submitted_at ?? null,
  }));
}
