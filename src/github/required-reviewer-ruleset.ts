import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { requestErrorMessage, requestErrorStatus } from "./request-error-details.js";

export type RulesetResult = { status: "active"; rulesetId: number } | { status: "unavailable"; reason: string };

export interface RequiredReviewerRulesetInput {
  /** The ruleset's name; the one repository ruleset with this name is secfix's to overwrite. */
  name: string;
  branch: string;
  /** Team slugs in the repository owner's organisation, or `org/slug`. */
  teams: string[];
  /** fnmatch patterns; a change to a matching file needs one approval from each team. */
  filePatterns: string[];
}

const NO_ADMINISTRATION =
  "secfix lacks Administration write, so the ruleset cannot be set; the secfix/approval check alone enforces approval";

/** A refusal that means "rulesets cannot be used here", as opposed to a failure worth retrying. */
class Unavailable extends Error {}

/**
 * Makes GitHub itself require the teams' approval on protected files (a repository ruleset with a
 * `pull_request` rule's `required_reviewers`), creating or overwriting secfix's ruleset by name.
 * Where GitHub cannot or will not (no Administration permission, user-owned repository, plan
 * without the beta, unknown team) it answers `unavailable` with a reason for humans instead of
 * throwing: the secfix/approval check still enforces approval, this is defence in depth.
 */
export async function ensureRequiredReviewerRuleset(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: RequiredReviewerRulesetInput,
): Promise<RulesetResult> {
  if (input.teams.length === 0) return { status: "unavailable", reason: "no reviewer teams are configured, so there is nobody to require" };
  if (input.filePatterns.length === 0) return { status: "unavailable", reason: "no file patterns are configured, so no file needs a required reviewer" };
  try {
    const teamIds = await teamIdsOf(github, repo.owner, input.teams);
    const body = rulesetBody(input, teamIds);
    const existing = await findRuleset(github, repo, input.name);
    if (existing === undefined) {
      const { data } = await guard(github.rest.repos.createRepoRuleset({ ...repo, ...body }), "create the ruleset");
      return { status: "active", rulesetId: data.id };
    }
    const { data } = await guard(github.rest.repos.updateRepoRuleset({ ...repo, ruleset_id: existing, ...body }), "update the ruleset");
    return { status: "active", rulesetId: data.id };
  } catch (error) {
    if (error instanceof Unavailable) return { status: "unavailable", reason: error.message };
    throw error;
  }
}

function rulesetBody(input: RequiredReviewerRulesetInput, teamIds: number[]) {
  return {
    name: input.name,
    target: "branch" as const,
    enforcement: "active" as const,
    conditions: { ref_name: { include: [`refs/heads/${input.branch}`], exclude: [] } },
    rules: [
      {
        type: "pull_request" as const,
        parameters: {
          // Zero: the rule must not demand approvals on unrelated files; required_reviewers does the work.
          required_approving_review_count: 0,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: false,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
          required_reviewers: teamIds.map((id) => ({
            reviewer: { id, type: "Team" as const },
            file_patterns: input.filePatterns,
            minimum_approvals: 1,
          })),
        },
      },
    ],
  };
}

async function teamIdsOf(github: GitHubClient, owner: string, teams: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const team of teams) {
    const slash = team.indexOf("/");
    const org = slash === -1 ? owner : team.slice(0, slash);
    const team_slug = slash === -1 ? team : team.slice(slash + 1);
    try {
      const { data } = await github.rest.teams.getByName({ org, team_slug });
      if (!ids.includes(data.id)) ids.push(data.id);
    } catch (error) {
      const status = requestErrorStatus(error);
      if (status === 404) {
        throw new Unavailable(
          `team ${org}/${team_slug} was not found (a user-owned repository has no teams, or secfix cannot see the team): ${requestErrorMessage(error)}`,
        );
      }
      if (status === 403) {
        throw new Unavailable(`secfix cannot read team ${org}/${team_slug} (it needs organization Members read): ${requestErrorMessage(error)}`);
      }
      throw error;
    }
  }
  return ids;
}

/** The id of the repository's own ruleset with this name; inherited organisation rulesets are not ours to edit. */
async function findRuleset(github: GitHubClient, repo: RepoCoordinates, name: string): Promise<number | undefined> {
  const rulesets = await guard(
    github.paginate(github.rest.repos.getRepoRulesets, { ...repo, per_page: 100, includes_parents: false }),
    "list the repository's rulesets",
  );
  return rulesets.find((ruleset) => ruleset.name === name && ruleset.source_type !== "Organization")?.id;
}

async function guard<T>(request: Promise<T>, action: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    const status = requestErrorStatus(error);
    const message = requestErrorMessage(error);
    if (status === 403) throw new Unavailable(`${NO_ADMINISTRATION} (GitHub: ${message})`);
    if (status === 404) {
      throw new Unavailable(`GitHub could not ${action}: rulesets are unavailable for this repository (user-owned, or not on this plan) (GitHub: ${message})`);
    }
    if (status === 422) {
      throw new Unavailable(`GitHub refused to ${action}; required reviewers may not be available on this plan yet (GitHub: ${message})`);
    }
    throw error;
  }
}
