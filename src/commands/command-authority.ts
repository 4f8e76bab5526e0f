import type { SlashCommand } from "./parse-command.js";

/**
 * Who may run a command, as a rule the pipeline checks through GitHub's API. `fallback` applies
 * when no team is named: write access for approvals, admin for dismissals (a dismissal
 * closes an alert for good, so it needs more than the right to push).
 */
export type CommandAuthority =
  | { kind: "anyone" }
  | { kind: "write" }
  | { kind: "teams"; teams: string[]; fallback: "write" | "admin" };

/** The rule for every command but approve, whose teams depend on what the fix needs (approverAuthority). */
export function commandAuthority(command: SlashCommand, securityTeams: readonly string[]): CommandAuthority {
  switch (command.name) {
    case "help":
      return { kind: "anyone" };
    case "dismiss":
      return { kind: "teams", teams: [...securityTeams], fallback: "admin" };
    case "approve":
      return { kind: "teams", teams: [...securityTeams], fallback: "write" };
    default:
      return { kind: "write" };
  }
}

/** Approvers of a fix: the teams its unmet requirements name, plus the security teams. */
export function approverAuthority(requirementTeams: readonly string[], securityTeams: readonly string[]): CommandAuthority {
  const teams = [...new Set([...requirementTeams, ...securityTeams])];
  return { kind: "teams", teams, fallback: "write" };
}

/** Team names as people read them, without mentioning (and so paging) the team. */
function teamName(team: string): string {
  return "`" + team.replace(/`/g, "") + "`";
}

/** "members of `security`", "people with write access to this repository", ... */
export function describeAuthority(authority: CommandAuthority): string {
  if (authority.kind === "anyone") return "anyone";
  if (authority.kind === "write") return "people with write access to this repository";
  if (authority.teams.length === 0) return authority.fallback === "admin" ? "repository admins (no security team is configured in `approvers.security`)" : "people with write access to this repository";
  return `members of ${authority.teams.map(teamName).join(" or ")}`;
}
