import type { RequiredCheck, RequiredChecks } from "../domain/ci-signal.js";
import { classifyGitHubError } from "./classify-github-error.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

type SourceRead = { checks: RequiredCheck[]; unreadable: null } | { checks: []; unreadable: string };

/**
 * The checks `branch` requires before merging: classic branch protection and every active
 * ruleset, deduplicated by context and app. One source being unreadable does not hide the
 * other; `unreadable` then says what could not be read, so a gate can refuse to assume "none".
 * Rate limits and server errors are thrown: they say nothing about the branch.
 */
export async function getRequiredChecks(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<RequiredChecks> {
  const [protection, rulesets] = await Promise.all([
    readBranchProtection(github, repo, branch),
    readRulesets(github, repo, branch),
  ]);
  const reasons = [protection.unreadable, rulesets.unreadable].filter((reason): reason is string => reason !== null);
  return {
    checks: dedupe([...protection.checks, ...rulesets.checks]),
    unreadable: reasons.length > 0 ? reasons.join("; ") : null,
  };
}

async function readBranchProtection(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<SourceRead> {
  try {
    // Octokit encodes the branch as one path segment (`release%2F2.x`), which GitHub accepts.
    const { data } = await github.rest.repos.getStatusChecksProtection({ ...repo, branch });
    const checks: RequiredCheck[] = data.checks.map((check) => ({
      context: check.context,
      appId: check.app_id ?? null,
      source: "branch_protection",
    }));
    // `contexts` is the legacy list; a context only listed there may come from any app.
    for (const context of data.contexts) {
      if (!checks.some((check) => check.context === context)) checks.push({ context, appId: null, source: "branch_protection" });
    }
    return { checks, unreadable: null };
  } catch (error) {
    // GitHub answers 404 both for "branch not protected" and "protection without status checks".
    if (statusOf(error) === 404) return { checks: [], unreadable: null };
    if (isPermissionDenied(error)) {
      return {
        checks: [],
        unreadable: `branch protection of ${branch} could not be read (${messageOf(error)}); the app may lack the Administration read permission`,
      };
    }
    throw error;
  }
}

async function readRulesets(github: GitHubClient, repo: RepoCoordinates, branch: string): Promise<SourceRead> {
  try {
    const rules = await github.paginate(github.rest.repos.getBranchRules, { ...repo, branch, per_page: 100 });
    const checks: RequiredCheck[] = [];
    for (const rule of rules) {
      if (rule.type !== "required_status_checks") continue;
      for (const check of rule.parameters?.required_status_checks ?? []) {
        checks.push({ context: check.context, appId: check.integration_id ?? null, source: "ruleset" });
      }
    }
    return { checks, unreadable: null };
  } catch (error) {
    // Servers without rulesets (older GHES) have no such endpoint: then no ruleset requires anything.
    if (statusOf(error) === 404) return { checks: [], unreadable: null };
    if (isPermissionDenied(error)) {
      return { checks: [], unreadable: `rulesets for ${branch} could not be read (${messageOf(error)})` };
    }
    throw error;
  }
}

function dedupe(checks: RequiredCheck[]): RequiredCheck[] {
  const seen = new Set<string>();
  return checks.filter((check) => {
    const key = JSON.stringify([check.context, check.appId]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isPermissionDenied(error: unknown): boolean {
  return classifyGitHubError(error, new Date()).kind === "forbidden";
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function messageOf(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === undefined ? message : `${status}: ${message}`;
}
