import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/finding.js";
import { planDependencyFixes } from "../../src/patch/plan-dependency-fixes.js";
import { triageFinding } from "../../src/triage/triage-finding.js";
import { defaultConfig } from "../../src/config/config.schema.js";
import { dependabotSnapshot, findingFrom } from "../factories/finding.js";

function finding(alertNumber: number, name: string, manifestPath: string, ghsaId: string, range = "< 2.0.0"): Finding {
  const alert = dependabotSnapshot({
    alertNumber,
    ruleId: ghsaId,
    dependency: { ecosystem: "npm", name, manifestPath, scope: "runtime", relationship: "direct" },
    advisory: { ghsaId, cveId: null, summary: `${name} issue`, severity: "high", cvssScore: 7.5, vulnerableRange: range, firstPatchedVersion: "2.0.0", url: null },
  });
  const base = findingFrom(alert);
  return { ...base, triage: triageFinding(base, defaultConfig(), []) };
}

const findings = [
  finding(1, "lodash", "package-lock.json", "GHSA-aaaa", "< 4.17.19"),
  finding(2, "lodash", "package-lock.json", "GHSA-bbbb", "< 4.17.21"),
  finding(3, "lodash", "packages/api/package.json", "GHSA-aaaa", "< 4.17.19"),
  finding(4, "minimist", "package-lock.json", "GHSA-cccc"),
];

describe("planDependencyFixes", () => {
  it("makes one plan per manifest directory and package by default, holding every advisory on it", () => {
    const plans = planDependencyFixes(findings, "package");
    expect(plans.map((plan) => plan.key)).toEqual(["npm:.:lodash", "npm:packages/api:lodash", "npm:.:minimist"]);
    const rootLodash = plans[0]!;
    expect(rootLodash.items).toHaveLength(1);
    expect(rootLodash.items[0]!.vulnerabilities.map((v) => [v.ghsaId, v.range])).toEqual([
      ["GHSA-aaaa", "< 4.17.19"],
      ["GHSA-bbbb", "< 4.17.21"],
    ]);
    expect(rootLodash.items[0]!.findingIds).toHaveLength(2);
  });

  it("groups by advisory across manifests when asked", () => {
    const plans = planDependencyFixes(findings, "advisory");
    const aaaa = plans.find((plan) => plan.key === "npm:GHSA-aaaa")!;
    expect(aaaa.items.map((item) => item.manifestPath)).toEqual(["package-lock.json", "packages/api/package.json"]);
  });

  it("groups every package of a manifest directory into one plan when asked", () => {
    const plans = planDependencyFixes(findings, "manifest");
    expect(plans.map((plan) => [plan.key, plan.items.map((item) => item.packageName)])).toEqual([
      ["npm:.", ["lodash", "minimist"]],
      ["npm:packages/api", ["lodash"]],
    ]);
  });

  it("leaves out closed findings, ones not to act on, and code scanning findings", () => {
    const closed = { ...findings[3]!, alert: { ...findings[3]!.alert, state: "fixed" as const } };
    const recordOnly = { ...findings[0]!, triage: { ...findings[0]!.triage!, decision: "record_only" as const } };
    expect(planDependencyFixes([closed, recordOnly], "package")).toEqual([]);
  });

  it("gives the same plans whatever order the findings come in", () => {
    expect(planDependencyFixes([...findings].reverse(), "package")).toEqual(planDependencyFixes(findings, "package"));
  });
});
