import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** Whether `user` is an active member of `org/team` (or `team` in the repository's owner org). */
export async function isTeamMember(github: GitHubClient, owner: string, team: string, user: string): Promise<boolean> {
  const slash = team.indexOf("/");
  const org = slash === -1 ? owner : team.slice(0, slash);
  const team_slug = slash === -1 ? team : team.slice(slash + 1);
  try {
    const { data } = await github.rest.teams.getMembershipForUserInOrg({ org, team_slug, username: user });
    return data.state === "active";
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return false;
    throw error;
  }
}

export type PermissionLevel = "admin" | "write" | "read" | "none";

/**
 * A user's permission on the repository as GitHub resolves it from every source (collaborator,
 * team, organisation role); `maintain` reads as write and `triage` as read. Never inferred from
 * a comment's `author_association`, which describes the author rather than granting anything.
 */
export async function permissionLevel(github: GitHubClient, repo: RepoCoordinates, user: string): Promise<PermissionLevel> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: user });
    return data.permission === "admin" || data.permission === "write" || data.permission === "read" ? data.permission : "none";
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return "none";
    throw error;
  }
}

/** Whether `user` can write to the repository (write, maintain or admin), as GitHub resolves it. */
export async function canWrite(github: GitHubClient, repo: RepoCoordinates, user: string): Promise<boolean> {
  const level = await permissionLevel(github, repo, user);
  return level === "admin" || level === "write";
}
