import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DependencyPatchRequest } from "../../src/domain/dependency-fix.js";
import { createNpmPatcher } from "../../src/patch/deps/npm/create-npm-patcher.js";
import { createNpmRegistry } from "../../src/registry/npm-registry.js";
import { ADVISORIES, type AdvisoryName } from "../patch/deps/npm/npm-fixture-scenarios.js";
import { createNpmProject, installedVersion, npm, redeclare, removeProject, repoFiles, unlock, writeOutcome } from "./npm-project.js";

const created: string[] = [];
afterAll(() => created.forEach(removeProject));

function project(...args: Parameters<typeof createNpmProject>): string {
  const dir = createNpmProject(...args);
  created.push(dir);
  return dir;
}

function request(packageName: AdvisoryName | "express", allowOverrides = false): DependencyPatchRequest {
  const vulnerabilities =
    packageName === "express"
      ? [
          { ghsaId: "GHSA-rv95-896h-c2vc", cveId: "CVE-2024-29041", severity: "moderate", range: "< 4.19.2", firstPatchedVersion: "4.19.2" },
          { ghsaId: "GHSA-qw6h-vgh9-j6wx", cveId: "CVE-2024-43796", severity: "low", range: "< 4.20.0", firstPatchedVersion: "4.20.0" },
        ]
      : ADVISORIES[packageName];
  return { ecosystem: "npm", packageName, manifestPath: "package-lock.json", vulnerabilities, allowOverrides };
}

/** Patch with the live registry, write the files, and let `npm ci` judge the result. */
async function fixAndInstall(dir: string, req: DependencyPatchRequest) {
  const registry = createNpmRegistry();
  const outcome = await createNpmPatcher(registry, { nodeVersion: process.version }).patch(req, repoFiles(dir));
  writeOutcome(dir, outcome);
  npm(dir, ["ci", "--ignore-scripts"]);
  return { outcome, requests: registry.requestCount() };
}

describe("npm patcher against the live registry and the real npm CLI", () => {
  it("fixes lodash@4.17.15 as a direct dependency, and npm ci installs 4.17.21", async () => {
    const dir = project({ name: "live-direct", version: "1.0.0", private: true, dependencies: { lodash: "4.17.15" } });
    redeclare(dir, "dependencies", "lodash", "^4.17.15");

    const { outcome } = await fixAndInstall(dir, request("lodash"));

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-direct", toVersion: "4.17.21" });
    expect(installedVersion(dir, "node_modules/lodash")).toBe("4.17.21");
  });

  it("fixes minimist through its parent mkdirp, raising the exact pin, and npm ci agrees", async () => {
    const dir = project({ name: "live-parent", version: "1.0.0", private: true, dependencies: { mkdirp: "0.5.1" } });

    const { outcome } = await fixAndInstall(dir, request("minimist"));

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-parent-bump", parentBump: { name: "mkdirp", fromVersion: "0.5.1" } });
    if (outcome.status !== "patched") return;
    expect(installedVersion(dir, "node_modules/mkdirp")).toBe(outcome.parentBump!.toVersion);
    expect(installedVersion(dir, "node_modules/minimist")).toBe(outcome.toVersion);
  });

  it("forces minimist under optimist with an override, and npm ci installs the override", async () => {
    const dir = project({ name: "live-override", version: "1.0.0", private: true, dependencies: { optimist: "^0.6.1" } });

    const { outcome } = await fixAndInstall(dir, request("minimist", true));

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-override", toVersion: "0.2.4" });
    expect(installedVersion(dir, "node_modules/minimist")).toBe("0.2.4");
  });

  it("updates a transitive copy in place (ansi-regex under strip-ansi), and npm ci installs it", async () => {
    const dir = project({ name: "live-transitive", version: "1.0.0", private: true, dependencies: { "strip-ansi": "6.0.0", "ansi-regex": "5.0.0" } });
    unlock(dir, "ansi-regex");

    const { outcome } = await fixAndInstall(dir, request("ansi-regex"));

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-transitive", fromVersion: "5.0.0", toVersion: "5.0.1" });
    expect(installedVersion(dir, "node_modules/ansi-regex")).toBe("5.0.1");
  });

  it("fixes express in a project of a few hundred packages, and npm ci installs the result", async () => {
    const dir = project({
      name: "live-large",
      version: "1.0.0",
      private: true,
      dependencies: { express: "4.17.1", mkdirp: "^0.5.1" },
      devDependencies: { mocha: "^6.2.3", webpack: "^4.46.0" },
    });
    const entries = Object.keys((JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8")) as { packages: object }).packages).length;
    expect(entries).toBeGreaterThan(300);

    const { outcome, requests } = await fixAndInstall(dir, request("express"));

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-direct", fromVersion: "4.17.1", toVersion: "4.20.0" });
    expect(installedVersion(dir, "node_modules/express")).toBe("4.20.0");
    expect(requests).toBeLessThan(60);
  });
});
