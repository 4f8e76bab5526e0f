import type { DependencyFixGrouping, DependencyFixItem, DependencyFixPlan } from "../domain/dependency-fix-plan.js";
import type { VulnerableRange } from "../domain/dependency-fix.js";
import type { Finding } from "../domain/finding.js";

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function rangeOf(finding: Finding): VulnerableRange | null {
  const advisory = finding.alert.advisory;
  if (!advisory || advisory.vulnerableRange === null) return null;
  return {
    ghsaId: advisory.ghsaId,
    cveId: advisory.cveId,
    severity: advisory.severity,
    range: advisory.vulnerableRange,
    firstPatchedVersion: advisory.firstPatchedVersion,
  };
}

function planKey(grouping: DependencyFixGrouping, finding: Finding): string {
  const dependency = finding.alert.dependency!;
  const directory = directoryOf(dependency.manifestPath) || ".";
  switch (grouping) {
    case "package":
      return `${dependency.ecosystem}:${directory}:${dependency.name}`;
    case "advisory":
      return `${dependency.ecosystem}:${finding.alert.ruleId}`;
    case "manifest":
      return `${dependency.ecosystem}:${directory}`;
  }
}

/**
 * Groups a repository's actionable dependency findings into fix plans. By default one plan per
 * manifest directory and package: every advisory on that package is fixed by one target version.
 * Keys are deterministic, so a replay finds the plan (and its branch and PR) it made before.
 */
export function planDependencyFixes(findings: readonly Finding[], grouping: DependencyFixGrouping): DependencyFixPlan[] {
  const plans = new Map<string, DependencyFixPlan>();
  const actionable = findings
    .filter((f) => f.alert.source === "dependabot" && f.alert.state === "open" && f.triage?.decision === "act" && f.alert.dependency)
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const finding of actionable) {
    const dependency = finding.alert.dependency!;
    const key = planKey(grouping, finding);
    let plan = plans.get(key);
    if (!plan) {
      plan = { key, grouping, ecosystem: dependency.ecosystem, repository: finding.repository, installationId: finding.installationId, items: [] };
      plans.set(key, plan);
    }
    const itemDirectory = directoryOf(dependency.manifestPath);
    let item: DependencyFixItem | undefined = plan.items.find(
      (candidate) => candidate.packageName === dependency.name && directoryOf(candidate.manifestPath) === itemDirectory,
    );
    if (!item) {
      item = { packageName: dependency.name, manifestPath: dependency.manifestPath, vulnerabilities: [], findingIds: [], relationship: dependency.relationship, scope: dependency.scope };
      plan.items.push(item);
    }
    item.findingIds.push(finding.id);
    const range = rangeOf(finding);
    if (range && !item.vulnerabilities.some((known) => known.ghsaId === range.ghsaId && known.range === range.range)) {
      item.vulnerabilities.push(range);
    }
  }
  return [...plans.values()];
}
