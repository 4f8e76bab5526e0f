/**
 * How risky a fix is to merge. Every factor examined yields a reason, low ones included, so a
 * reviewer sees what was considered; the level is the highest reason's. Details are plain text
 * (they hold repository-derived paths and names); `renderRisk` escapes them for markdown.
 *
 * Rules:
 * - customer_facing: a changed file matching `customer_facing_paths` → high, one reason per file;
 *   none → low.
 * - importers: distinct files importing the changed files ≥ 20 → high, ≥ 5 → medium, else low;
 *   "at least N" when the count is a floor (`importersPartial`).
 * - changed_files: more than 5 → medium, else low.
 * - semver (per package): major → high, minor → medium, patch or none → low.
 * - scope (per package): runtime → medium when the move is minor or major, else low;
 *   development → low; unknown → medium.
 * - relationship (per package): direct, transitive or unknown → low, for the record.
 * - other_repositories (per package): used in ≥ 5 other repositories of the installation → medium,
 *   else low.
 * - strategy: `llm` → medium, high when its rule is a new pattern; `autofix` → medium; `recipe:*`
 *   and dependency strategies → low; no or an unrecognised strategy → medium (unknown provenance).
 * - ownership: owners per changed file, and the files no CODEOWNERS rule covers → low.
 */
import type { FixDescription } from "../domain/fix-attempt.js";
import { RISK_LEVELS, type BlastRadius, type DependencyBlast, type RiskAssessment, type RiskLevel, type RiskReason } from "../domain/risk.js";

export { renderRisk } from "./render-risk.js";

export interface RiskInput {
  blast: BlastRadius;
  fix: FixDescription;
  strategy: string | null;
  headSha: string;
  now: string;
  /** An AI fix for a rule no pattern approver approved yet. */
  newPattern: boolean;
}

export const IMPORTERS_HIGH = 20;
export const IMPORTERS_MEDIUM = 5;
export const CHANGED_FILES_MEDIUM = 5;
export const OTHER_REPOSITORIES_MEDIUM = 5;

// What the dependency patchers and an adopted Dependabot PR record as their strategy.
const DEPENDENCY_STRATEGIES = new Set([
  "npm-direct",
  "npm-transitive",
  "npm-parent-bump",
  "npm-override",
  "pip-requirements",
  "pip-pyproject",
  "dependabot",
]);

export function assessRisk(input: RiskInput): RiskAssessment {
  const { blast } = input;
  const reasons: RiskReason[] = [
    ...customerFacingReasons(blast),
    importersReason(blast),
    changedFilesReason(blast),
    ...blast.dependencies.flatMap(dependencyReasons),
    strategyReason(input),
    ...ownershipReasons(blast),
  ];
  return { level: highestLevel(reasons), reasons, blast, assessedAt: input.now, headSha: input.headSha };
}

export function highestLevel(reasons: readonly RiskReason[]): RiskLevel {
  return reasons.reduce<RiskLevel>((level, r) => (RISK_LEVELS.indexOf(r.level) > RISK_LEVELS.indexOf(level) ? r.level : level), "low");
}

function customerFacingReasons(blast: BlastRadius): RiskReason[] {
  if (blast.customerFacing.length === 0) {
    return [{ factor: "customer_facing", level: "low", detail: "no changed file matches customer_facing_paths" }];
  }
  return blast.customerFacing.map(({ path, patterns }) => ({
    factor: "customer_facing",
    level: "high",
    detail: `${path} matches customer_facing_paths ${patterns.map((p) => `\`${p}\``).join(", ")}`,
  }));
}

/** Distinct files importing any changed file: one importer of two changed files counts once. */
export function countImporters(blast: BlastRadius): number {
  return new Set(Object.values(blast.importers).flat()).size;
}

function importersReason(blast: BlastRadius): RiskReason {
  const count = countImporters(blast);
  const level: RiskLevel = count >= IMPORTERS_HIGH ? "high" : count >= IMPORTERS_MEDIUM ? "medium" : "low";
  const amount = blast.importersPartial ? `at least ${count}` : `${count}`;
  const files = count === 1 && !blast.importersPartial ? "file imports" : "files import";
  const partial = blast.importersPartial ? ` (not every file was read: ${blast.importersPartial})` : "";
  return { factor: "importers", level, detail: `${amount} ${files} the changed files${partial}` };
}

function changedFilesReason(blast: BlastRadius): RiskReason {
  const count = blast.changedFiles.length;
  const level: RiskLevel = count > CHANGED_FILES_MEDIUM ? "medium" : "low";
  return { factor: "changed_files", level, detail: `${count} ${count === 1 ? "file" : "files"} changed` };
}

function dependencyReasons(dep: DependencyBlast): RiskReason[] {
  const move = `${dep.name} ${dep.fromVersion} → ${dep.toVersion}`;
  const semverLevel: RiskLevel = dep.delta === "major" ? "high" : dep.delta === "minor" ? "medium" : "low";
  const semverDetail = dep.delta === "none" ? `${move}: version unchanged` : `${move}: ${dep.delta} update`;

  let scope: RiskReason;
  if (dep.scope === "development") {
    scope = { factor: "scope", level: "low", detail: `${dep.name} is a development dependency: does not ship` };
  } else if (dep.scope === "runtime") {
    const large = dep.delta === "major" || dep.delta === "minor";
    scope = {
      factor: "scope",
      level: large ? "medium" : "low",
      detail: `${dep.name} is a runtime dependency${large ? ` and moves a ${dep.delta} version` : ""}`,
    };
  } else {
    scope = { factor: "scope", level: "medium", detail: `${dep.name}: whether it ships is unknown` };
  }

  const relationship: RiskReason = {
    factor: "relationship",
    level: "low",
    detail:
      dep.relationship === "unknown"
        ? `${dep.name}: direct or transitive is unknown`
        : `${dep.name} is a ${dep.relationship} dependency`,
  };

  return [{ factor: "semver", level: semverLevel, detail: semverDetail }, scope, relationship, otherRepositoriesReason(dep)];
}

function otherRepositoriesReason(dep: DependencyBlast): RiskReason {
  const others = [...new Set(dep.otherRepositories)];
  if (others.length === 0) {
    return { factor: "other_repositories", level: "low", detail: `${dep.name} is in no other repository of this installation secfix knows of` };
  }
  const shown = others.slice(0, 5).join(", ") + (others.length > 5 ? ", …" : "");
  const noun = others.length === 1 ? "repository" : "repositories";
  return {
    factor: "other_repositories",
    level: others.length >= OTHER_REPOSITORIES_MEDIUM ? "medium" : "low",
    detail: `${dep.name} is also in ${others.length} other ${noun} of this installation: ${shown}`,
  };
}

function strategyReason({ strategy, fix, newPattern }: RiskInput): RiskReason {
  if (strategy === "llm") {
    return newPattern
      ? { factor: "strategy", level: "high", detail: "AI-written fix for a rule no pattern approver has approved yet" }
      : { factor: "strategy", level: "medium", detail: "AI-written fix for an approved pattern" };
  }
  if (strategy === "autofix") return { factor: "strategy", level: "medium", detail: "GitHub Copilot Autofix suggestion" };
  if (strategy === "recipe" || strategy?.startsWith("recipe:")) {
    const family = strategy.slice("recipe:".length);
    return { factor: "strategy", level: "low", detail: `deterministic recipe${family ? ` ${family}` : ""}` };
  }
  if (strategy && strategy.split("+").every((s) => DEPENDENCY_STRATEGIES.has(s))) {
    return { factor: "strategy", level: "low", detail: `dependency update (${strategy})` };
  }
  if (strategy === null && fix.kind === "dependency") {
    return { factor: "strategy", level: "low", detail: "dependency update" };
  }
  return { factor: "strategy", level: "medium", detail: strategy ? `unrecognised strategy ${strategy}` : "no strategy recorded" };
}

const LISTED_FILES = 10;

function ownershipReasons(blast: BlastRadius): RiskReason[] {
  if (blast.changedFiles.length === 0) return [];
  if (Object.keys(blast.owners).length === 0) {
    return [{ factor: "ownership", level: "low", detail: "the repository has no CODEOWNERS file" }];
  }
  const byOwners = new Map<string, string[]>();
  const unowned: string[] = [];
  for (const path of blast.changedFiles) {
    const owners = blast.owners[path] ?? [];
    if (owners.length === 0) unowned.push(path);
    else byOwners.set(owners.join(" "), [...(byOwners.get(owners.join(" ")) ?? []), path]);
  }
  const reasons: RiskReason[] = [...byOwners].map(([owners, paths]) => ({
    factor: "ownership",
    level: "low",
    detail: `${listFiles(paths)} owned by ${owners.split(" ").join(", ")}`,
  }));
  if (unowned.length > 0) {
    reasons.push({ factor: "ownership", level: "low", detail: `no CODEOWNERS rule covers ${listFiles(unowned)}` });
  }
  return reasons;
}

function listFiles(paths: readonly string[]): string {
  const shown = paths.slice(0, LISTED_FILES).join(", ");
  return paths.length > LISTED_FILES ? `${shown} and ${paths.length - LISTED_FILES} more` : shown;
}
