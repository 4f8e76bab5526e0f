import { describe, expect, it } from "vitest";
import { addedDependencies } from "../../src/gates/added-dependencies.js";
import { LOCK_V3 } from "./dependency-files.js";

const BUMPED = LOCK_V3.replace('"version": "6.5.2"', '"version": "6.5.3"').replace("qs-6.5.2.tgz", "qs-6.5.3.tgz");

describe("addedDependencies", () => {
  it("finds a version bump in a package-lock as an added dependency", () => {
    expect(addedDependencies([{ path: "package-lock.json", before: LOCK_V3, after: BUMPED }])).toEqual([{ ecosystem: "npm", name: "qs", version: "6.5.3", path: "package-lock.json" }]);
  });

  it("finds a brand-new transitive package, scoped names included", () => {
    const after = JSON.parse(LOCK_V3) as { packages: Record<string, unknown> };
    after.packages["node_modules/@types/lodash"] = { version: "4.14.202", dev: true };
    after.packages["node_modules/side-channel"] = { version: "1.0.6" };
    expect(addedDependencies([{ path: "web/package-lock.json", before: LOCK_V3, after: JSON.stringify(after) }]).map((d) => `${d.name}@${d.version}`)).toEqual([
      "@types/lodash@4.14.202",
      "side-channel@1.0.6",
    ]);
  });

  it("adds nothing when a lockfile is unchanged in content, deleted, or not a lockfile at all", () => {
    expect(addedDependencies([{ path: "package-lock.json", before: LOCK_V3, after: JSON.stringify(JSON.parse(LOCK_V3)) }])).toEqual([]);
    expect(addedDependencies([{ path: "package-lock.json", before: LOCK_V3, after: null }])).toEqual([]);
    expect(addedDependencies([{ path: "src/lodash.json", before: null, after: LOCK_V3 }])).toEqual([]);
    expect(addedDependencies([{ path: "package.json", before: '{"dependencies":{}}', after: '{"dependencies":{"lodash":"^4.17.21"}}' }])).toEqual([]);
  });

  it("counts every package of a new lockfile as added", () => {
    const added = addedDependencies([{ path: "package-lock.json", before: null, after: LOCK_V3 }]);
    expect(added.map((d) => `${d.name}@${d.version}`)).toEqual(["express@4.18.2", "lodash@4.17.21", "lodash@4.17.15", "qs@6.11.0", "qs@6.5.2", "@babel/core@7.23.9"]);
  });

  it("finds changed pip pins in requirements files and pyproject.toml, with normalised names", () => {
    const added = addedDependencies([
      { path: "requirements.txt", before: "PyYAML==5.3.1\nrequests==2.31.0\n", after: "PyYAML==5.4.1\nrequests==2.31.0\nurllib3>=2\n" },
      { path: "pyproject.toml", before: '[project]\ndependencies = ["Jinja2==3.1.2"]\n', after: '[project]\ndependencies = ["Jinja2==3.1.3"]\n' },
    ]);
    expect(added).toEqual([
      { ecosystem: "pip", name: "pyyaml", version: "5.4.1", path: "requirements.txt" },
      { ecosystem: "pip", name: "jinja2", version: "3.1.3", path: "pyproject.toml" },
    ]);
  });

  it("lists a package version once when two lockfiles add it", () => {
    const added = addedDependencies([
      { path: "apps/a/package-lock.json", before: LOCK_V3, after: BUMPED },
      { path: "apps/b/package-lock.json", before: LOCK_V3, after: BUMPED },
    ]);
    expect(added).toEqual([{ ecosystem: "npm", name: "qs", version: "6.5.3", path: "apps/a/package-lock.json" }]);
  });

  it("adds nothing from a lockfile that no longer parses (the parse gate fails it)", () => {
    expect(addedDependencies([{ path: "package-lock.json", before: LOCK_V3, after: "{ broken" }])).toEqual([]);
  });
});
