import type { GitHubClient } from "./github-client.js";
import { requestErrorStatus } from "./request-error-details.js";

/**
 * Logins of a team's members: `team` is a slug in the repository owner's organisation or
 * `org/slug`. A team secfix cannot see (missing, secret, a user-owned repository) has no members
 * here: escalation goes on without assignees rather than not at all.
 */
export async function listTeamMembers(github: GitHubClient, owner: string, team: string): Promise<string[]> {
  const slash = team.indexOf("/");
  const org = slash === -1 ? owner : team.slice(0, slash);
  const team_slug = slash === -1 ? team : team.slice(slash + 1);
  try {
    const members = await github.paginate(github.rest.teams.listMembersInOrg, { org, team_slug, per_page: 100 });
    return members.filter((member) => member.type !== "Bot").map((member) => member.login);
  } catch (error) {
    const status = requestErrorStatus(error);
    if (status === 404 || status === 403) return [];
    throw error;
  }
}

/** The team as people mention it: `@org/slug`. */
export function teamMention(owner: string, team: string): string {
  return `@${team.includes("/") ? team : `${owner}/${team}`}`;
}
