import type { DependencyFixPlan } from "../domain/dependency-fix-plan.js";

/** Dependabot's name for an ecosystem in its branch names. */
const DEPENDABOT_ECOSYSTEM: Record<string, string> = {
  npm: "npm_and_yarn",
  pip: "pip",
  rubygems: "bundler",
  maven: "maven",
  nuget: "nuget",
  composer: "composer",
  go: "go_modules",
  rust: "cargo",
  pub: "pub",
};

export interface OpenPull {
  number: number;
  branch: string;
  author: string;
}

/**
 * Dependabot's own security PR for the plan's package in the plan's directory, if it opened one:
 * its branches read `dependabot/<ecosystem>/<directory>/<package>-<version>`. Only single-package
 * plans can match; the author must be Dependabot itself, not someone who named a branch alike.
 */
export function findDependabotPull<P extends OpenPull>(plan: DependencyFixPlan, pulls: readonly P[]): P | null {
  if (plan.items.length !== 1) return null;
  const item = plan.items[0]!;
  const ecosystem = DEPENDABOT_ECOSYSTEM[plan.ecosystem] ?? plan.ecosystem;
  const slash = item.manifestPath.lastIndexOf("/");
  const directory = slash === -1 ? "" : `${item.manifestPath.slice(0, slash)}/`;
  const prefix = `dependabot/${ecosystem}/${directory}${item.packageName}-`;
  return pulls.find((pull) => pull.author === "dependabot[bot]" && pull.branch.startsWith(prefix) && /^\d/.test(pull.branch.slice(prefix.length))) ?? null;
}
