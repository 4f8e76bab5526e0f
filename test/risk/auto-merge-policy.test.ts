import { describe, expect, it } from "vitest";
import { defaultConfig, type SecfixConfig } from "../../src/config/config.schema.js";
import type { FixDescription } from "../../src/domain/fix-attempt.js";
import type { BlastRadius, DependencyBlast, RiskAssessment } from "../../src/domain/risk.js";
import { autoMergePolicy } from "../../src/risk/auto-merge-policy.js";

type AutoMergeConfig = SecfixConfig["auto_merge"];

const autoMerge = (overrides: Partial<AutoMergeConfig> = {}): AutoMergeConfig => ({ ...defaultConfig().auto_merge, enabled: true, ...overrides });

const codeFix = (overrides: Partial<Extract<FixDescription, { kind: "code" }>> = {}): FixDescription => ({
  kind: "code",
  ruleId: "js/sql-injection",
  alertNumber: 7,
  path: "src/lib/db.js",
  severity: "medium",
  tool: "CodeQL",
  ...overrides,
});

const depFix = (severity: FixDescription["severity"] = "medium"): FixDescription => ({ kind: "dependency", ecosystem: "npm", severity, packages: [] });

const dependency = (overrides: Partial<DependencyBlast> = {}): DependencyBlast => ({
  name: "lodash",
  ecosystem: "npm",
  fromVersion: "4.17.20",
  toVersion: "4.17.21",
  delta: "patch",
  scope: "development",
  relationship: "direct",
  otherRepositories: [],
  ...overrides,
});

const blastRadius = (overrides: Partial<BlastRadius> = {}): BlastRadius => ({
  changedFiles: ["package.json", "package-lock.json"],
  importers: {},
  importersPartial: null,
  customerFacing: [],
  owners: {},
  dependencies: [],
  ...overrides,
});

const risk = (overrides: Partial<RiskAssessment> = {}): RiskAssessment => ({
  level: "low",
  reasons: [],
  blast: blastRadius(),
  assessedAt: "2026-11-20T10:00:00.000Z",
  headSha: "abc123",
  ...overrides,
});

const depRisk = (...dependencies: DependencyBlast[]): RiskAssessment => risk({ blast: blastRadius({ dependencies }) });

describe("autoMergePolicy", () => {
  it("allows a low-risk code fix within policy and says why", () => {
    const decision = autoMergePolicy({ config: autoMerge(), fix: codeFix(), risk: risk(), neededApproval: false });
    expect(decision).toEqual({ allowed: true, reasons: ["low risk, severity medium, within auto_merge policy"] });
  });

  it("allows a low-risk dependency fix whose moves stay within allowed_semver", () => {
    const decision = autoMergePolicy({
      config: autoMerge({ allowed_semver: "minor" }),
      fix: depFix("high"),
      risk: depRisk(dependency({ delta: "patch" }), dependency({ name: "axios", delta: "minor", scope: "runtime" }), dependency({ name: "ms", delta: "none" })),
      neededApproval: false,
    });
    expect(decision.allowed).toBe(true);
  });

  it("blocks everything while auto_merge.enabled is off, which is the default", () => {
    const decision = autoMergePolicy({ config: defaultConfig().auto_merge, fix: codeFix(), risk: risk(), neededApproval: false });
    expect(decision).toEqual({ allowed: false, reasons: ["auto_merge.enabled is off"] });
  });

  it.each(["medium", "high"] as const)("blocks a %s-risk fix, naming the level", (level) => {
    const decision = autoMergePolicy({ config: autoMerge(), fix: codeFix(), risk: risk({ level }), neededApproval: false });
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([`risk is ${level}; only low-risk fixes merge on their own`]);
  });

  it("blocks a fix that needed approval unless auto_merge.after_approval is on", () => {
    const blocked = autoMergePolicy({ config: autoMerge({ after_approval: false }), fix: codeFix(), risk: risk(), neededApproval: true });
    expect(blocked.allowed).toBe(false);
    expect(blocked.reasons).toEqual([expect.stringContaining("auto_merge.after_approval is off")]);

    const allowed = autoMergePolicy({ config: autoMerge({ after_approval: true }), fix: codeFix(), risk: risk(), neededApproval: true });
    expect(allowed.allowed).toBe(true);
  });

  it("blocks a fix whose severity is above auto_merge.max_severity, and allows one at it", () => {
    const above = autoMergePolicy({ config: autoMerge({ max_severity: "high" }), fix: codeFix({ severity: "critical" }), risk: risk(), neededApproval: false });
    expect(above).toEqual({ allowed: false, reasons: ["severity critical is above auto_merge.max_severity high"] });

    const at = autoMergePolicy({ config: autoMerge({ max_severity: "high" }), fix: codeFix({ severity: "high" }), risk: risk(), neededApproval: false });
    expect(at.allowed).toBe(true);
  });

  it("blocks a dependency move larger than auto_merge.allowed_semver, naming the package and versions", () => {
    const decision = autoMergePolicy({
      config: autoMerge({ allowed_semver: "patch" }),
      fix: depFix(),
      risk: depRisk(dependency({ name: "lodash", delta: "patch" }), dependency({ name: "express", fromVersion: "4.18.0", toVersion: "4.19.2", delta: "minor" })),
      neededApproval: false,
    });
    expect(decision).toEqual({ allowed: false, reasons: ["express 4.18.0 → 4.19.2 is a minor change; auto_merge.allowed_semver is patch"] });
  });

  it("allows a major move only when auto_merge.allowed_semver is major", () => {
    const input = { fix: depFix(), risk: depRisk(dependency({ delta: "major", fromVersion: "3.0.0", toVersion: "4.0.0" })), neededApproval: false };
    expect(autoMergePolicy({ ...input, config: autoMerge({ allowed_semver: "minor" }) }).reasons).toEqual([
      "lodash 3.0.0 → 4.0.0 is a major change; auto_merge.allowed_semver is minor",
    ]);
    expect(autoMergePolicy({ ...input, config: autoMerge({ allowed_semver: "major" }) }).allowed).toBe(true);
  });

  it("ignores the semver rule for a code fix", () => {
    const decision = autoMergePolicy({
      config: autoMerge({ allowed_semver: "patch" }),
      fix: codeFix(),
      risk: depRisk(dependency({ delta: "major" })),
      neededApproval: false,
    });
    expect(decision.allowed).toBe(true);
  });

  it("with auto_merge.development_only, blocks runtime and unknown-scope dependencies but not development ones", () => {
    const decision = autoMergePolicy({
      config: autoMerge({ development_only: true }),
      fix: depFix(),
      risk: depRisk(dependency({ name: "eslint", scope: "development" }), dependency({ name: "express", scope: "runtime" }), dependency({ name: "mystery", scope: "unknown" })),
      neededApproval: false,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toHaveLength(2);
    expect(decision.reasons[0]).toBe("express is a runtime dependency and auto_merge.development_only is on");
    expect(decision.reasons[1]).toMatch(/^mystery is an? unknown dependency and auto_merge\.development_only is on$/);
  });

  it("with auto_merge.development_only, allows a fix that moves only development dependencies", () => {
    const decision = autoMergePolicy({ config: autoMerge({ development_only: true }), fix: depFix(), risk: depRisk(dependency({ scope: "development" })), neededApproval: false });
    expect(decision.allowed).toBe(true);
  });

  it("with auto_merge.development_only, blocks a code fix", () => {
    const decision = autoMergePolicy({ config: autoMerge({ development_only: true }), fix: codeFix(), risk: risk(), neededApproval: false });
    expect(decision).toEqual({ allowed: false, reasons: ["auto_merge.development_only is on and this is a code fix"] });
  });

  it("lists every blocking rule at once, in order", () => {
    const decision = autoMergePolicy({
      config: autoMerge({ enabled: false, max_severity: "medium", allowed_semver: "patch", development_only: true, after_approval: false }),
      fix: depFix("critical"),
      risk: { ...depRisk(dependency({ name: "react", delta: "major", scope: "runtime", fromVersion: "17.0.2", toVersion: "18.2.0" })), level: "high" },
      neededApproval: true,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([
      "auto_merge.enabled is off",
      "risk is high; only low-risk fixes merge on their own",
      "the fix needed a person's approval and auto_merge.after_approval is off",
      "severity critical is above auto_merge.max_severity medium",
      "react 17.0.2 → 18.2.0 is a major change; auto_merge.allowed_semver is patch",
      "react is a runtime dependency and auto_merge.development_only is on",
    ]);
  });
});
