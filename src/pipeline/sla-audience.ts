import type { SecfixConfig } from "../config/config.schema.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { createRepoFiles } from "../github/repo-files.js";
import { listTeamMembers, teamMention } from "../github/team-members.js";
import { ownersOf, readCodeowners } from "../risk/parse-codeowners.js";

/** GitHub takes at most ten assignees on an issue. */
export const MAX_ASSIGNEES = 10;

/** The teams an SLA escalates to: `sla.escalate_to`, else the security approvers. */
export function escalationTeams(config: SecfixConfig): string[] {
  return config.sla.escalate_to.length > 0 ? config.sla.escalate_to : config.approvers.security;
}

/**
 * Who hears about a finding's SLA: the CODEOWNERS owners of the alerted path on the default
 * branch (people and teams; e-mail owners cannot be mentioned) and the escalation teams.
 */
export async function slaAudience(
  github: GitHubClient,
  coordinates: RepoCoordinates,
  input: { defaultBranch: string; path: string | null; config: SecfixConfig },
): Promise<{ owners: string[]; teams: string[] }> {
  const teams = escalationTeams(input.config).map((team) => teamMention(coordinates.owner, team));
  if (!input.path) return { owners: [], teams };
  const rules = await readCodeowners(createRepoFiles(github, coordinates, input.defaultBranch));
  const owners = rules ? ownersOf(rules, input.path).filter((owner) => owner.startsWith("@")) : [];
  return { owners, teams };
}

/** Active members of the escalation teams, in team order, at most ten: the assignees. */
export async function escalationAssignees(github: GitHubClient, owner: string, teams: readonly string[]): Promise<string[]> {
  const logins = new Set<string>();
  for (const team of teams) {
    if (logins.size >= MAX_ASSIGNEES) break;
    for (const login of await listTeamMembers(github, owner, team)) logins.add(login);
  }
  return [...logins].slice(0, MAX_ASSIGNEES);
}
