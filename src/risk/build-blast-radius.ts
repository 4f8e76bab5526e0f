import picomatch from "picomatch";
import type { BlastRadius, DependencyBlast } from "../domain/risk.js";
import { ownersOf, type CodeownersRule } from "./parse-codeowners.js";

export interface BlastRadiusInput {
  changedFiles: string[];
  importers: Record<string, string[]>;
  importersPartial: string | null;
  customerFacingGlobs: readonly string[];
  /** null when the repository has no CODEOWNERS file. */
  codeowners: CodeownersRule[] | null;
  dependencies: DependencyBlast[];
}

/**
 * Gathers what a fix could break. `owners` stays empty when there is no CODEOWNERS file, and holds
 * an entry (maybe empty) for every changed file when there is one: the two cases read differently.
 */
export function buildBlastRadius(input: BlastRadiusInput): BlastRadius {
  const changedFiles = [...new Set(input.changedFiles)];
  // Same matching as triage (`assessExposure`), so a path customer-facing there is here too.
  const customerFacing = changedFiles
    .map((path) => ({ path, patterns: input.customerFacingGlobs.filter((glob) => picomatch.isMatch(path, glob, { dot: true })) }))
    .filter((match) => match.patterns.length > 0);
  const owners: Record<string, string[]> = {};
  if (input.codeowners) {
    for (const path of changedFiles) owners[path] = ownersOf(input.codeowners, path);
  }
  return {
    changedFiles,
    importers: input.importers,
    importersPartial: input.importersPartial,
    customerFacing,
    owners,
    dependencies: input.dependencies,
  };
}
