import { describe, expect, it } from "vitest";
import { npmLockfilePackages } from "../../src/gates/npm-lockfile-packages.js";
import { LOCK_V1, LOCK_V3 } from "./dependency-files.js";

describe("npmLockfilePackages", () => {
  it("lists every package a v3 lockfile installs, once per place, without links and workspace folders", () => {
    expect(npmLockfilePackages("package-lock.json", LOCK_V3)).toEqual([
      { name: "express", version: "4.18.2" },
      { name: "lodash", version: "4.17.21" },
      { name: "lodash", version: "4.17.15" },
      { name: "qs", version: "6.11.0" },
      { name: "qs", version: "6.5.2" },
      { name: "@babel/core", version: "7.23.9" },
    ]);
  });

  it("reads `packages`, not the legacy `dependencies`, when a v2 lockfile has both", () => {
    const v2 = JSON.stringify({
      lockfileVersion: 2,
      packages: { "": { name: "app" }, "node_modules/ms": { version: "2.1.3" } },
      dependencies: { ms: { version: "2.0.0" } },
    });
    expect(npmLockfilePackages("package-lock.json", v2)).toEqual([{ name: "ms", version: "2.1.3" }]);
  });

  it("walks nested v1 dependencies and resolves npm: aliases", () => {
    expect(npmLockfilePackages("package-lock.json", LOCK_V1)).toEqual([
      { name: "minimist", version: "1.2.5" },
      { name: "mkdirp", version: "0.5.1" },
      { name: "minimist", version: "0.0.8" },
      { name: "lodash", version: "4.17.11" },
    ]);
  });

  it("returns [] for a lockfile of a project without dependencies, null for text that is not a lockfile", () => {
    expect(npmLockfilePackages("package-lock.json", '{"name":"empty","lockfileVersion":1,"requires":true}')).toEqual([]);
    expect(npmLockfilePackages("package-lock.json", "[]")).toBeNull();
    expect(npmLockfilePackages("package-lock.json", '{"name":"x"}')).toBeNull();
    expect(npmLockfilePackages("package-lock.json", '{"lockfileVersion": 3, "packages": {')).toBeNull();
  });

  it("skips entries without a version instead of guessing", () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/a": { resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz" }, "node_modules/b": "junk" } });
    expect(npmLockfilePackages("package-lock.json", lock)).toEqual([]);
  });
});
