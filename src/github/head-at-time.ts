import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export type HeadAtTime = { status: "found"; sha: string; pushedAt: string } | { status: "unknown"; reason: string };

const BRANCH_MOVES = new Set(["push", "force_push", "branch_creation"]);

/**
 * The commit a branch pointed at when something happened (a comment, say), from the repository's
 * activity log: GitHub records every push with its own clock, which a committer cannot forge
 * the way commit dates can. Reads the newest 100 moves of the branch.
 */
export async function headAtTime(github: GitHubClient, repo: RepoCoordinates, branch: string, at: string): Promise<HeadAtTime> {
  let activities;
  try {
    ({ data: activities } = await github.rest.repos.listActivities({ ...repo, ref: `refs/heads/${branch}`, direction: "desc", per_page: 100 }));
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 403 || status === 404 || status === 422) return { status: "unknown", reason: `GitHub would not list the branch's pushes (HTTP ${String(status)})` };
    throw error;
  }
  const moment = Date.parse(at);
  for (const activity of activities) {
    if (!BRANCH_MOVES.has(activity.activity_type)) continue;
    if (Date.parse(activity.timestamp) <= moment) return { status: "found", sha: activity.after, pushedAt: activity.timestamp };
  }
  return { status: "unknown", reason: `no push to ${branch} at or before ${at} among its latest ${activities.length} moves` };
}
