import { describe, expect, it } from "vitest";
import type { AddedDependency } from "../../src/gates/added-dependencies.js";
import { checkAddedDependencies, type DependencyLookup } from "../../src/gates/check-added-dependencies.js";

const QS: AddedDependency = { ecosystem: "npm", name: "qs", version: "6.5.3", path: "package-lock.json" };
const TYPO: AddedDependency = { ecosystem: "npm", name: "lodahs", version: "4.17.21", path: "package-lock.json" };

function lookup(dependency: AddedDependency, overrides: Partial<DependencyLookup> = {}): DependencyLookup {
  return { dependency, exists: true, advisories: [], error: null, ...overrides };
}

describe("checkAddedDependencies", () => {
  it("passes a patch that adds no dependency", () => {
    expect(checkAddedDependencies([])).toEqual({ gate: "dependencies", passed: true, evidence: ["the patch adds no dependency"] });
  });

  it("passes added dependencies that exist and have no advisory, listing each", () => {
    expect(checkAddedDependencies([lookup(QS)])).toEqual({
      gate: "dependencies",
      passed: true,
      evidence: ["qs@6.5.3 (npm, package-lock.json) exists on the registry; no known advisory"],
    });
  });

  it("fails a package version the registry does not have: a made-up name or a typosquat", () => {
    const verdict = checkAddedDependencies([lookup(QS), lookup(TYPO, { exists: false })]);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual([
      "lodahs@4.17.21 does not exist on the npm registry (package-lock.json); secfix installs no package it cannot find",
      "qs@6.5.3 (npm, package-lock.json) exists on the registry; no known advisory",
    ]);
  });

  it("fails an added version with known advisories, naming each", () => {
    const verdict = checkAddedDependencies([
      lookup(
        { ecosystem: "pip", name: "pyyaml", version: "5.3.1", path: "requirements.txt" },
        { advisories: [{ ghsaId: "GHSA-8q59-q68h-6hv4", severity: "critical", summary: "Improper Input Validation in PyYAML" }] },
      ),
    ]);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(["pyyaml@5.3.1 (pip, requirements.txt) is affected by GHSA-8q59-q68h-6hv4 (critical): Improper Input Validation in PyYAML"]);
  });

  it("fails closed when a lookup failed or the registry could not say", () => {
    const errored = checkAddedDependencies([lookup(QS, { exists: null, error: "registry.npmjs.org answered 503" })]);
    expect(errored.passed).toBe(false);
    expect(errored.evidence).toEqual(["qs@6.5.3 (npm, package-lock.json) could not be checked: registry.npmjs.org answered 503"]);

    const unknown = checkAddedDependencies([lookup(QS, { exists: null })]);
    expect(unknown.passed).toBe(false);
    expect(unknown.evidence).toEqual(["qs@6.5.3 (npm, package-lock.json): the registry could not confirm it exists"]);
  });
});
