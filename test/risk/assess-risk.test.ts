import { describe, expect, it } from "vitest";
import type { FixDescription } from "../../src/domain/fix-attempt.js";
import type { BlastRadius, DependencyBlast, RiskReason } from "../../src/domain/risk.js";
import { assessRisk, countImporters, highestLevel, type RiskInput } from "../../src/risk/assess-risk.js";

const codeFix: FixDescription = { kind: "code", ruleId: "js/sql-injection", alertNumber: 7, path: "src/lib/db.js", severity: "high", tool: "CodeQL" };
const depFix: FixDescription = { kind: "dependency", ecosystem: "npm", severity: "high", packages: [] };

const blastRadius = (overrides: Partial<BlastRadius> = {}): BlastRadius => ({
  changedFiles: ["src/lib/db.js"],
  importers: { "src/lib/db.js": ["src/app.js"] },
  importersPartial: null,
  customerFacing: [],
  owners: {},
  dependencies: [],
  ...overrides,
});

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

const riskInput = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  blast: blastRadius(),
  fix: codeFix,
  strategy: "recipe:sql-parameterize",
  headSha: "abc123",
  now: "2026-11-20T10:00:00.000Z",
  newPattern: false,
  ...overrides,
});

const reasonsFor = (input: RiskInput, factor: string): RiskReason[] => assessRisk(input).reasons.filter((r) => r.factor === factor);
const only = (input: RiskInput, factor: string): RiskReason => {
  const reasons = reasonsFor(input, factor);
  expect(reasons).toHaveLength(1);
  return reasons[0]!;
};

describe("assessRisk", () => {
  it("rates a small recipe fix low, keeping a low reason for every factor it examined", () => {
    const assessment = assessRisk(riskInput());
    expect(assessment.level).toBe("low");
    expect(assessment.reasons.every((r) => r.level === "low")).toBe(true);
    expect(assessment.reasons.map((r) => r.factor)).toEqual(["customer_facing", "importers", "changed_files", "strategy", "ownership"]);
    expect(assessment).toMatchObject({ headSha: "abc123", assessedAt: "2026-11-20T10:00:00.000Z", blast: riskInput().blast });
  });

  it("takes the highest reason's level", () => {
    expect(highestLevel([])).toBe("low");
    expect(highestLevel([{ factor: "a", level: "medium", detail: "" }, { factor: "b", level: "low", detail: "" }])).toBe("medium");
    expect(highestLevel([{ factor: "a", level: "high", detail: "" }, { factor: "b", level: "medium", detail: "" }])).toBe("high");
  });

  describe("customer-facing paths", () => {
    it("rates a touched customer-facing path high and names the file and glob", () => {
      const input = riskInput({ blast: blastRadius({ customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }] }) });
      expect(only(input, "customer_facing")).toEqual({ factor: "customer_facing", level: "high", detail: "src/api/users.js matches customer_facing_paths `src/api/**`" });
      expect(assessRisk(input).level).toBe("high");
    });

    it("gives one reason per customer-facing file", () => {
      const customerFacing = [
        { path: "src/api/a.js", patterns: ["src/api/**", "**/*.js"] },
        { path: "src/api/b.js", patterns: ["src/api/**"] },
      ];
      const reasons = reasonsFor(riskInput({ blast: blastRadius({ customerFacing }) }), "customer_facing");
      expect(reasons.map((r) => r.detail)).toEqual(["src/api/a.js matches customer_facing_paths `src/api/**`, `**/*.js`", "src/api/b.js matches customer_facing_paths `src/api/**`"]);
    });

    it("says so when no changed file is customer-facing", () => {
      expect(only(riskInput(), "customer_facing")).toMatchObject({ level: "low", detail: "no changed file matches customer_facing_paths" });
    });
  });

  describe("importers", () => {
    const withImporters = (count: number, partial: string | null = null) =>
      riskInput({ blast: blastRadius({ importers: { "src/lib/db.js": Array.from({ length: count }, (_, i) => `src/f${i}.js`) }, importersPartial: partial }) });

    it("rates 0 to 4 importers low, 5 to 19 medium, 20 or more high", () => {
      expect(only(withImporters(0), "importers")).toMatchObject({ level: "low", detail: "0 files import the changed files" });
      expect(only(withImporters(1), "importers")).toMatchObject({ level: "low", detail: "1 file imports the changed files" });
      expect(only(withImporters(4), "importers").level).toBe("low");
      expect(only(withImporters(5), "importers")).toMatchObject({ level: "medium", detail: "5 files import the changed files" });
      expect(only(withImporters(19), "importers").level).toBe("medium");
      expect(only(withImporters(20), "importers")).toMatchObject({ level: "high", detail: "20 files import the changed files" });
    });

    it("says 'at least' when not every candidate could be read", () => {
      const reason = only(withImporters(5, "the tree has 80000 files; 2000 were read"), "importers");
      expect(reason.level).toBe("medium");
      expect(reason.detail).toBe("at least 5 files import the changed files (not every file was read: the tree has 80000 files; 2000 were read)");
    });

    it("counts a file importing two changed files once", () => {
      const blast = blastRadius({
        changedFiles: ["a.js", "b.js"],
        importers: { "a.js": ["x.js", "y.js", "z.js"], "b.js": ["x.js", "y.js", "w.js"] },
      });
      expect(countImporters(blast)).toBe(4);
      expect(only(riskInput({ blast }), "importers").level).toBe("low");
    });
  });

  describe("changed files", () => {
    const changing = (count: number) => riskInput({ blast: blastRadius({ changedFiles: Array.from({ length: count }, (_, i) => `f${i}.js`) }) });

    it("rates up to 5 changed files low and more medium", () => {
      expect(only(changing(1), "changed_files")).toMatchObject({ level: "low", detail: "1 file changed" });
      expect(only(changing(5), "changed_files")).toMatchObject({ level: "low", detail: "5 files changed" });
      expect(only(changing(6), "changed_files")).toMatchObject({ level: "medium", detail: "6 files changed" });
    });
  });

  describe("dependencies", () => {
    const withDeps = (...deps: DependencyBlast[]) => riskInput({ fix: depFix, strategy: "npm-direct", blast: blastRadius({ dependencies: deps }) });

    it("rates the semver move per package: major high, minor medium, patch and none low", () => {
      const input = withDeps(
        dependency({ name: "a", fromVersion: "1.2.3", toVersion: "2.0.0", delta: "major" }),
        dependency({ name: "b", fromVersion: "1.2.3", toVersion: "1.3.0", delta: "minor" }),
        dependency({ name: "c", fromVersion: "1.2.3", toVersion: "1.2.4", delta: "patch" }),
        dependency({ name: "d", fromVersion: "1.2.3", toVersion: "1.2.3", delta: "none" }),
      );
      expect(reasonsFor(input, "semver")).toEqual([
        { factor: "semver", level: "high", detail: "a 1.2.3 → 2.0.0: major update" },
        { factor: "semver", level: "medium", detail: "b 1.2.3 → 1.3.0: minor update" },
        { factor: "semver", level: "low", detail: "c 1.2.3 → 1.2.4: patch update" },
        { factor: "semver", level: "low", detail: "d 1.2.3 → 1.2.3: version unchanged" },
      ]);
      expect(assessRisk(input).level).toBe("high");
    });

    it("rates a runtime dependency medium when it moves a minor or major version, low for a patch", () => {
      expect(only(withDeps(dependency({ scope: "runtime", delta: "minor" })), "scope")).toEqual({
        factor: "scope",
        level: "medium",
        detail: "lodash is a runtime dependency and moves a minor version",
      });
      expect(only(withDeps(dependency({ scope: "runtime", delta: "major" })), "scope").level).toBe("medium");
      expect(only(withDeps(dependency({ scope: "runtime", delta: "patch" })), "scope")).toMatchObject({ level: "low", detail: "lodash is a runtime dependency" });
    });

    it("rates a development dependency low because it does not ship", () => {
      expect(only(withDeps(dependency({ scope: "development", delta: "minor" })), "scope")).toMatchObject({
        level: "low",
        detail: "lodash is a development dependency: does not ship",
      });
    });

    it("rates a dependency of unknown scope medium", () => {
      const input = withDeps(dependency({ scope: "unknown", delta: "patch" }));
      expect(only(input, "scope")).toMatchObject({ level: "medium", detail: "lodash: whether it ships is unknown" });
      expect(assessRisk(input).level).toBe("medium");
    });

    it("records direct, transitive and unknown relationships as low", () => {
      const input = withDeps(dependency({ name: "a", relationship: "direct" }), dependency({ name: "b", relationship: "transitive" }), dependency({ name: "c", relationship: "unknown" }));
      expect(reasonsFor(input, "relationship")).toEqual([
        { factor: "relationship", level: "low", detail: "a is a direct dependency" },
        { factor: "relationship", level: "low", detail: "b is a transitive dependency" },
        { factor: "relationship", level: "low", detail: "c: direct or transitive is unknown" },
      ]);
    });

    it("rates a package used in 5 or more other repositories medium, listing up to 5 of them", () => {
      const others = ["org/a", "org/b", "org/c", "org/d", "org/e", "org/f"];
      expect(only(withDeps(dependency({ otherRepositories: others })), "other_repositories")).toEqual({
        factor: "other_repositories",
        level: "medium",
        detail: "lodash is also in 6 other repositories of this installation: org/a, org/b, org/c, org/d, org/e, …",
      });
      expect(only(withDeps(dependency({ otherRepositories: others.slice(0, 5) })), "other_repositories")).toMatchObject({
        level: "medium",
        detail: "lodash is also in 5 other repositories of this installation: org/a, org/b, org/c, org/d, org/e",
      });
    });

    it("rates a package used in fewer other repositories low", () => {
      expect(only(withDeps(dependency({ otherRepositories: ["org/a", "org/b", "org/c", "org/d"] })), "other_repositories").level).toBe("low");
      expect(only(withDeps(dependency({ otherRepositories: ["org/a"] })), "other_repositories").detail).toBe("lodash is also in 1 other repository of this installation: org/a");
      expect(only(withDeps(dependency()), "other_repositories")).toMatchObject({ level: "low", detail: "lodash is in no other repository of this installation secfix knows of" });
    });

    it("counts a repository listed twice once", () => {
      const reason = only(withDeps(dependency({ otherRepositories: ["org/a", "org/a", "org/b", "org/b", "org/c"] })), "other_repositories");
      expect(reason).toMatchObject({ level: "low", detail: "lodash is also in 3 other repositories of this installation: org/a, org/b, org/c" });
    });

    it("examines every factor for every package", () => {
      const factors = assessRisk(withDeps(dependency({ name: "a" }), dependency({ name: "b" }))).reasons.map((r) => r.factor);
      for (const factor of ["semver", "scope", "relationship", "other_repositories"]) {
        expect(factors.filter((f) => f === factor)).toHaveLength(2);
      }
    });
  });

  describe("strategy", () => {
    it("rates an AI fix for an approved pattern medium", () => {
      const input = riskInput({ strategy: "llm" });
      expect(only(input, "strategy")).toMatchObject({ level: "medium", detail: "AI-written fix for an approved pattern" });
      expect(assessRisk(input).level).toBe("medium");
    });

    it("rates an AI fix for a new pattern high", () => {
      const input = riskInput({ strategy: "llm", newPattern: true });
      expect(only(input, "strategy")).toMatchObject({ level: "high", detail: "AI-written fix for a rule no pattern approver has approved yet" });
      expect(assessRisk(input).level).toBe("high");
    });

    it("rates GitHub's Autofix medium", () => {
      expect(only(riskInput({ strategy: "autofix" }), "strategy")).toMatchObject({ level: "medium", detail: "GitHub Copilot Autofix suggestion" });
    });

    it("rates recipes low and names the recipe", () => {
      expect(only(riskInput({ strategy: "recipe:sql-parameterize" }), "strategy")).toMatchObject({ level: "low", detail: "deterministic recipe sql-parameterize" });
      expect(only(riskInput({ strategy: "recipe" }), "strategy")).toMatchObject({ level: "low", detail: "deterministic recipe" });
    });

    it("rates dependency strategies low, combined ones and adopted Dependabot PRs included", () => {
      for (const strategy of ["npm-direct", "npm-parent-bump+npm-override", "pip-requirements", "dependabot"]) {
        expect(only(riskInput({ fix: depFix, strategy }), "strategy"), strategy).toMatchObject({ level: "low", detail: `dependency update (${strategy})` });
      }
      expect(only(riskInput({ fix: depFix, strategy: null }), "strategy")).toMatchObject({ level: "low", detail: "dependency update" });
    });

    it("rates a missing or unrecognised strategy on a code fix medium", () => {
      expect(only(riskInput({ strategy: null }), "strategy")).toMatchObject({ level: "medium", detail: "no strategy recorded" });
      expect(only(riskInput({ strategy: "magic" }), "strategy")).toMatchObject({ level: "medium", detail: "unrecognised strategy magic" });
      expect(only(riskInput({ strategy: "npm-direct+magic" }), "strategy").level).toBe("medium");
    });

    it("ignores newPattern for strategies other than llm", () => {
      expect(only(riskInput({ strategy: "recipe:x", newPattern: true }), "strategy").level).toBe("low");
    });
  });

  describe("code ownership", () => {
    it("lists the owners of owned files and notes files no rule covers, all low", () => {
      const blast = blastRadius({
        changedFiles: ["src/api/a.js", "src/api/b.js", "src/lib/c.js", "tools/d.js"],
        owners: { "src/api/a.js": ["@org/api", "@alice"], "src/api/b.js": ["@org/api", "@alice"], "src/lib/c.js": ["@bob"], "tools/d.js": [] },
      });
      expect(reasonsFor(riskInput({ blast }), "ownership")).toEqual([
        { factor: "ownership", level: "low", detail: "src/api/a.js, src/api/b.js owned by @org/api, @alice" },
        { factor: "ownership", level: "low", detail: "src/lib/c.js owned by @bob" },
        { factor: "ownership", level: "low", detail: "no CODEOWNERS rule covers tools/d.js" },
      ]);
    });

    it("treats a changed file missing from owners as unowned", () => {
      const blast = blastRadius({ changedFiles: ["a.js", "b.js"], owners: { "a.js": ["@a"] } });
      expect(reasonsFor(riskInput({ blast }), "ownership").map((r) => r.detail)).toEqual(["a.js owned by @a", "no CODEOWNERS rule covers b.js"]);
    });

    it("lists at most 10 unowned files", () => {
      const files = Array.from({ length: 12 }, (_, i) => `f${i}.js`);
      const blast = blastRadius({ changedFiles: files, owners: Object.fromEntries(files.map((f) => [f, []])) });
      expect(only(riskInput({ blast }), "ownership").detail).toBe(`no CODEOWNERS rule covers ${files.slice(0, 10).join(", ")} and 2 more`);
    });

    it("notes a repository without a CODEOWNERS file", () => {
      expect(only(riskInput(), "ownership")).toEqual({ factor: "ownership", level: "low", detail: "the repository has no CODEOWNERS file" });
    });

    it("gives no ownership reason when no file changed", () => {
      expect(reasonsFor(riskInput({ blast: blastRadius({ changedFiles: [], importers: {} }) }), "ownership")).toEqual([]);
    });
  });
});
