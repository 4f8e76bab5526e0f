import { describe, expect, it } from "vitest";
import { fixBranchName, restartedBranchName } from "../../src/patch/fix-branch-name.js";
import { findDependabotPull } from "../../src/patch/find-dependabot-pull.js";
import type { DependencyFixPlan } from "../../src/domain/dependency-fix-plan.js";

describe("fixBranchName", () => {
  it("names a one-package plan after the package and target", () => {
    expect(fixBranchName("npm", "npm:.:lodash", [{ name: "lodash", toVersion: "4.17.21" }])).toBe("secfix/npm/lodash-4.17.21");
  });
  it("keeps scoped names readable and valid as a git ref", () => {
    expect(fixBranchName("npm", "npm:.:@babel/traverse", [{ name: "@babel/traverse", toVersion: "7.23.2" }])).toBe("secfix/npm/babel-traverse-7.23.2");
  });
  it("gives a several-package plan a stable hash, whatever the order", () => {
    const a = fixBranchName("npm", "npm:.", [{ name: "a", toVersion: "1.0.0" }, { name: "b", toVersion: "2.0.0" }]);
    const b = fixBranchName("npm", "npm:.", [{ name: "b", toVersion: "2.0.0" }, { name: "a", toVersion: "1.0.0" }]);
    expect(a).toBe(b);
    expect(a).toMatch(/^secfix\/npm\/group-[0-9a-f]{10}$/);
  });
});

describe("findDependabotPull", () => {
  const plan = (manifestPath: string): DependencyFixPlan => ({
    key: "npm:x",
    grouping: "package",
    ecosystem: "npm",
    repository: { id: 1, fullName: "o/r", defaultBranch: "main" },
    installationId: 1,
    items: [{ packageName: "lodash", manifestPath, vulnerabilities: [], findingIds: [], relationship: "direct", scope: "runtime" }],
  });
  const dependabot = (branch: string) => ({ number: 1, branch, author: "dependabot[bot]" });

  it("matches Dependabot's branch for the package in the same directory", () => {
    expect(findDependabotPull(plan("package-lock.json"), [dependabot("dependabot/npm_and_yarn/lodash-4.17.21")])).not.toBeNull();
    expect(findDependabotPull(plan("apps/web/package.json"), [dependabot("dependabot/npm_and_yarn/apps/web/lodash-4.17.21")])).not.toBeNull();
  });
  it("does not match another directory, a longer package name, or another author", () => {
    expect(findDependabotPull(plan("package-lock.json"), [dependabot("dependabot/npm_and_yarn/apps/web/lodash-4.17.21")])).toBeNull();
    expect(findDependabotPull(plan("package-lock.json"), [dependabot("dependabot/npm_and_yarn/lodash-es-4.17.21")])).toBeNull();
    expect(findDependabotPull(plan("package-lock.json"), [{ number: 2, branch: "dependabot/npm_and_yarn/lodash-4.17.21", author: "mallory" }])).toBeNull();
  });
});

describe("restartedBranchName", () => {
  it("keeps the branch for a fix never restarted, and gives each restart a new one", () => {
    expect(restartedBranchName("secfix/code/js-sql-injection-7", 0)).toBe("secfix/code/js-sql-injection-7");
    expect(restartedBranchName("secfix/code/js-sql-injection-7", 1)).toBe("secfix/code/js-sql-injection-7-r2");
    expect(restartedBranchName("secfix/npm/semver-7.5.2", 2)).toBe("secfix/npm/semver-7.5.2-r3");
  });
});
