import { describe, expect, it } from "vitest";
import type { DependencyBlast } from "../../src/domain/risk.js";
import { buildBlastRadius, type BlastRadiusInput } from "../../src/risk/build-blast-radius.js";
import { parseCodeowners } from "../../src/risk/parse-codeowners.js";

const input = (overrides: Partial<BlastRadiusInput> = {}): BlastRadiusInput => ({
  changedFiles: ["src/api/users.js", "src/lib/db.js"],
  importers: { "src/api/users.js": ["src/app.js"], "src/lib/db.js": [] },
  importersPartial: null,
  customerFacingGlobs: [],
  codeowners: null,
  dependencies: [],
  ...overrides,
});

describe("buildBlastRadius", () => {
  it("names each changed file that matches customer_facing_paths with every glob it matches", () => {
    const blast = buildBlastRadius(input({ customerFacingGlobs: ["src/api/**", "**/users.*", "web/**"] }));
    expect(blast.customerFacing).toEqual([{ path: "src/api/users.js", patterns: ["src/api/**", "**/users.*"] }]);
  });

  it("matches dot directories like triage does", () => {
    const blast = buildBlastRadius(input({ changedFiles: [".well-known/app.js"], customerFacingGlobs: ["**/*.js"] }));
    expect(blast.customerFacing).toEqual([{ path: ".well-known/app.js", patterns: ["**/*.js"] }]);
  });

  it("has no customer-facing matches without globs", () => {
    expect(buildBlastRadius(input()).customerFacing).toEqual([]);
  });

  it("gives every changed file its owners, empty where no rule covers it", () => {
    const { rules } = parseCodeowners("* @org/everyone\n/src/api/ @org/api-team @alice\n/src/lib/\n");
    const blast = buildBlastRadius(input({ codeowners: rules }));
    expect(blast.owners).toEqual({ "src/api/users.js": ["@org/api-team", "@alice"], "src/lib/db.js": [] });
  });

  it("leaves owners empty when the repository has no CODEOWNERS file", () => {
    expect(buildBlastRadius(input({ codeowners: null })).owners).toEqual({});
  });

  it("drops duplicate changed files and passes importers and dependencies through", () => {
    const dependency: DependencyBlast = {
      name: "lodash",
      ecosystem: "npm",
      fromVersion: "4.17.20",
      toVersion: "4.17.21",
      delta: "patch",
      scope: "runtime",
      relationship: "direct",
      otherRepositories: [],
    };
    const blast = buildBlastRadius(input({ changedFiles: ["a.js", "a.js", "b.js"], importers: { "a.js": ["c.js"] }, importersPartial: "tree truncated", dependencies: [dependency] }));
    expect(blast).toEqual({
      changedFiles: ["a.js", "b.js"],
      importers: { "a.js": ["c.js"] },
      importersPartial: "tree truncated",
      customerFacing: [],
      owners: {},
      dependencies: [dependency],
    });
  });
});
