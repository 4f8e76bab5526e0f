import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";
import type { AddedDependency } from "./added-dependencies.js";

/** What the registry and the advisory database said of one added dependency. */
export interface DependencyLookup {
  dependency: AddedDependency;
  /** null when the registry could not say. */
  exists: boolean | null;
  advisories: { ghsaId: string; severity: string; summary: string }[];
  /** Why the lookup failed, else null. */
  error: string | null;
}

const GATE = "dependencies";

function label(dependency: AddedDependency): string {
  return `${dependency.name}@${dependency.version}`;
}

/**
 * Every package version a fix adds must exist on its registry (a name a model made up, or a
 * typosquat waiting for one, does not) and carry no known advisory. A lookup that failed or could
 * not say fails the gate: an unverified package is not installed on a guess.
 */
export function checkAddedDependencies(lookups: readonly DependencyLookup[]): GateVerdict {
  if (lookups.length === 0) return passed(GATE, ["the patch adds no dependency"]);
  const problems: string[] = [];
  const fine: string[] = [];
  for (const { dependency, exists, advisories, error } of lookups) {
    const where = `${dependency.ecosystem}, ${dependency.path}`;
    if (error !== null) {
      problems.push(`${label(dependency)} (${where}) could not be checked: ${error}`);
      continue;
    }
    if (exists === false) {
      problems.push(`${label(dependency)} does not exist on the ${dependency.ecosystem} registry (${dependency.path}); secfix installs no package it cannot find`);
      continue;
    }
    if (exists === null) problems.push(`${label(dependency)} (${where}): the registry could not confirm it exists`);
    for (const advisory of advisories) {
      problems.push(`${label(dependency)} (${where}) is affected by ${advisory.ghsaId} (${advisory.severity}): ${advisory.summary}`);
    }
    if (exists === true && advisories.length === 0) fine.push(`${label(dependency)} (${where}) exists on the registry; no known advisory`);
  }
  return problems.length > 0 ? failed(GATE, [...problems, ...fine]) : passed(GATE, fine);
}
