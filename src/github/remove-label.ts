import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { requestErrorStatus } from "./request-error-details.js";

/** Takes a label off an issue or pull request; one already gone (404) is fine. */
export async function removeLabel(github: GitHubClient, repo: RepoCoordinates, issueNumber: number, name: string): Promise<void> {
  try {
    await github.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
  } catch (error) {
    if (requestErrorStatus(error) !== 404) throw error;
  }
}
