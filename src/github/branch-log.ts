import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** One move of a branch as GitHub's activity log records it: GitHub's own clock and the pusher's account. */
export interface BranchMove {
  sha: string;
  at: string;
  /** Who pushed, as GitHub authenticated them (commit author fields can claim anyone). */
  actor: string | null;
  type: "push" | "force_push" | "branch_creation";
}

export type BranchLog = { status: "read"; moves: BranchMove[] } | { status: "unknown"; reason: string };

const MOVES = new Set(["push", "force_push", "branch_creation"]);

/** The newest 100 moves of a branch, newest first, from the repository's activity log. */
export async function readBranchLog(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<BranchLog> {
  let activities;
  try {
    ({ data: activities } = await github.rest.repos.listActivities({ ...repo, ref: `refs/heads/${branch}`, direction: "desc", per_page: 100 }));
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 403 || status === 404 || status === 422) return { status: "unknown", reason: `GitHub would not list the branch's pushes (HTTP ${String(status)})` };
    throw error;
  }
  const moves = activities
    .filter((activity) => MOVES.has(activity.activity_type))
    .map((activity) => ({ sha: activity.after, at: activity.timestamp, actor: activity.actor?.login ?? null, type: activity.activity_type as BranchMove["type"] }));
  return { status: "read", moves };
}

/**
 * The commit the branch pointed at just before `moment` (a comment's creation): a push in the
 * same second may not have been seen, so only earlier moves count. Null when the log holds none.
 */
export function headBefore(moves: readonly BranchMove[], moment: string): BranchMove | null {
  const time = Date.parse(moment);
  return moves.find((move) => Date.parse(move.at) < time) ?? null;
}

/** Everyone but `botLogin` who pushed to the branch (lower-cased): they wrote the change, whatever the commits say. */
export function branchPushers(moves: readonly BranchMove[], botLogin: string): Set<string> {
  const bot = botLogin.toLowerCase();
  return new Set(moves.flatMap((move) => (move.actor && move.actor.toLowerCase() !== bot ? [move.actor.toLowerCase()] : [])));
}
