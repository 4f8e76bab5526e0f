import nock from "nock";
import { describe, expect, it } from "vitest";
import type { DependencyPatchRequest } from "../../../../src/domain/dependency-fix.js";
import { createNpmPatcher } from "../../../../src/patch/deps/npm/create-npm-patcher.js";
import { createNpmRegistry } from "../../../../src/registry/npm-registry.js";
import { isTransientRegistryError, RegistryError } from "../../../../src/registry/registry-error.js";
import { ADVISORIES, type AdvisoryName } from "./npm-fixture-scenarios.js";
import { changedFile, fixtureFiles, installedEntries, lockPackages, npmLockfile, npmResult, REGISTRY, serveRecordedRegistry } from "./npm-fixtures.js";

function request(packageName: AdvisoryName, manifestPath = "package-lock.json", allowOverrides = false): DependencyPatchRequest {
  return { ecosystem: "npm", packageName, manifestPath, vulnerabilities: ADVISORIES[packageName], allowOverrides };
}

function patcher() {
  return createNpmPatcher(createNpmRegistry({ timeoutMs: 2_000 }));
}

describe("createNpmPatcher: direct dependencies", () => {
  it("raises a caret range and writes the lockfile npm writes for the same version", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("direct-styles");
    const outcome = await patcher().patch(request("lodash"), files);

    expect(outcome).toMatchObject({
      status: "patched",
      strategy: "npm-direct",
      relationship: "direct",
      fromVersion: "4.17.15",
      toVersion: "4.17.21",
      chain: ["lodash@4.17.21", "(root)"],
    });
    const manifest = changedFile(outcome, "package.json");
    expect(manifest).toBe(files.text("package.json").replace('"lodash": "^4.17.15"', '"lodash": "^4.17.21"'));
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock[""]!.dependencies).toMatchObject({ lodash: "^4.17.21" });
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("direct-styles", "lodash")));
    if (outcome.status === "patched") {
      expect(outcome.explanation[0]).toBe("lodash@4.17.21 is the lowest published version outside < 4.17.21 (GHSA-35jh-r3h4-6jhm).");
      expect(outcome.explanation).toContain("lodash 4.17.15 → 4.17.21 is a patch update.");
    }
  });

  it("keeps a tilde range a tilde range, from an alert that names package.json", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("qs", "package.json"), fixtureFiles("direct-styles"));

    expect(outcome).toMatchObject({ status: "patched", fromVersion: "6.5.2", toVersion: "6.5.3" });
    expect(changedFile(outcome, "package.json")).toContain('"qs": "~6.5.3"');
    expect(installedEntries(lockPackages(changedFile(outcome, "package-lock.json")))).toEqual(installedEntries(npmResult("direct-styles", "qs")));
  });

  it("moves an exact version to the exact fixed version and adds the packages it now needs", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("node-fetch"), fixtureFiles("direct-styles"));

    expect(changedFile(outcome, "package.json")).toContain('"node-fetch": "2.6.7"');
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["node_modules/node-fetch"]).toMatchObject({ version: "2.6.7", dependencies: { "whatwg-url": "^5.0.0" } });
    expect(Object.keys(lock)).toEqual(expect.arrayContaining(["node_modules/whatwg-url", "node_modules/tr46", "node_modules/webidl-conversions"]));
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("direct-styles", "node-fetch")));
    if (outcome.status === "patched") expect(outcome.explanation.join("\n")).toMatch(/Adds 3 packages the new versions need: tr46@0\.0\.3, webidl-conversions@3\.0\.1, whatwg-url@5\.0\.0/);
  });

  it("removes the packages a fixed version no longer depends on", async () => {
    serveRecordedRegistry();
    const before = lockPackages(fixtureFiles("direct-styles").text("package-lock.json"));
    expect(before["node_modules/lru-cache"]).toBeDefined();

    const outcome = await patcher().patch(request("semver"), fixtureFiles("direct-styles"));

    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["node_modules/semver"]).toMatchObject({ version: "7.6.1" });
    expect(lock["node_modules/lru-cache"]).toBeUndefined();
    expect(lock["node_modules/yallist"]).toBeUndefined();
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("direct-styles", "semver")));
  });

  it("fixes a devDependency and keeps its dev flags", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("minimatch"), fixtureFiles("direct-styles"));

    expect(changedFile(outcome, "package.json")).toContain('"minimatch": "^3.0.5"');
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock[""]!.devDependencies).toEqual({ minimatch: "^3.0.5" });
    expect(lock["node_modules/minimatch"]).toMatchObject({ version: "3.0.5", dev: true });
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("direct-styles", "minimatch")));
  });
});

describe("createNpmPatcher: lockfile formats", () => {
  it("writes a lockfile v3 byte for byte as npm does when the range style is npm's own", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles"));

    const ours = changedFile(outcome, "package-lock.json").replace('"node-fetch": "2.6.0"', "").replace('"qs": "~6.5.2"', "");
    const npm = npmLockfile("direct-styles", "lodash").replace('"node-fetch": "2.6.0"', "").replace('"qs": "~6.5.2"', "");
    expect(ours).toBe(npm);
  });

  it("keeps the legacy dependencies section of a v2 lockfile consistent, byte for byte with npm", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("legacy-v2");
    const outcome = await patcher().patch(request("node-fetch"), files);

    const lock = changedFile(outcome, "package-lock.json");
    expect(JSON.parse(lock)).toMatchObject({
      lockfileVersion: 2,
      dependencies: { "node-fetch": { version: "2.6.7", requires: { "whatwg-url": "^5.0.0" } }, "whatwg-url": { version: "5.0.0" } },
    });
    expect(lock).toBe(npmLockfile("legacy-v2", "node-fetch"));
  });

  it("updates npm-shrinkwrap.json when the project ships one", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("lodash", "npm-shrinkwrap.json"), fixtureFiles("shrinkwrap"));

    expect(outcome).toMatchObject({ status: "patched", toVersion: "4.17.21" });
    if (outcome.status === "patched") expect(outcome.files.map((f) => f.path).sort()).toEqual(["npm-shrinkwrap.json", "package.json"]);
    expect(changedFile(outcome, "package.json")).toContain('"lodash": "4.17.21"');
    expect(installedEntries(lockPackages(changedFile(outcome, "npm-shrinkwrap.json")))).toEqual(installedEntries(npmResult("shrinkwrap", "lodash")));
  });

  it("leaves `resolved` out of new entries when the lockfile omits registry URLs", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("axios"), fixtureFiles("omitted"));

    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["node_modules/axios"]).toMatchObject({ version: "0.28.0" });
    expect(lock["node_modules/form-data"]).toBeDefined();
    expect(Object.values(installedEntries(lock)).filter((entry) => "resolved" in entry)).toEqual([]);
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("omitted", "axios")));
  });

  it("refuses lockfileVersion 1 and says how to re-create it", async () => {
    const v1 = JSON.stringify({ name: "old", version: "1.0.0", lockfileVersion: 1, requires: true, dependencies: { lodash: { version: "4.17.15" } } });
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles", { "package-lock.json": v1 }));

    expect(outcome).toEqual({
      status: "unsupported",
      reason:
        "package-lock.json has lockfileVersion 1, written by npm 6 or older; secfix edits lockfileVersion 2 and 3 only: re-create it with npm 7 or newer (`npm install --package-lock-only`) and commit the result",
    });
  });

  it.each([
    ["yarn.lock", "yarn.lock is not supported yet; secfix does not change package.json without its lockfile"],
    ["pnpm-lock.yaml", "pnpm-lock.yaml is not supported yet; secfix does not change package.json without its lockfile"],
  ])("refuses a project locked by %s", async (lockfile, reason) => {
    const files = fixtureFiles("direct-styles", { "package-lock.json": null, [lockfile]: "# lockfile\n" });
    const outcome = await patcher().patch(request("lodash", "package.json"), files);

    expect(outcome).toEqual({ status: "unsupported", reason });
  });

  it("names the file and the position of a JSON error in package.json", async () => {
    const broken = fixtureFiles("direct-styles").text("package.json").replace('"private": true,', '"private": true,,');
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles", { "package.json": broken }));

    expect(outcome.status).toBe("unsupported");
    if (outcome.status === "unsupported") expect(outcome.reason).toMatch(/^package\.json is not valid JSON \(line 4, column \d+\): /);
  });

  it("names the lockfile when it is not JSON (a merge conflict left in it)", async () => {
    const broken = fixtureFiles("direct-styles").text("package-lock.json").replace('  "requires": true,\n', "<<<<<<< HEAD\n");
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles", { "package-lock.json": broken }));

    expect(outcome.status).toBe("unsupported");
    if (outcome.status === "unsupported") expect(outcome.reason).toMatch(/^package-lock\.json is not valid JSON \(line 5, column 1\): /);
  });

  it("refuses a lockfile that is out of sync with package.json, since npm ci would fail on it already", async () => {
    const edited = fixtureFiles("direct-styles").text("package.json").replace('"lodash": "^4.17.15"', '"lodash": "^4.17.0"');
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles", { "package.json": edited }));

    expect(outcome).toEqual({
      status: "unsupported",
      reason:
        'package-lock.json is out of sync with package.json: dependencies.lodash is "^4.17.0" in package.json but "^4.17.15" in the lockfile; run npm install and commit the lockfile first',
    });
  });
});

describe("createNpmPatcher: transitive dependencies", () => {
  it("updates only the lockfile entry when the fixed version is within every dependent's range", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("transitive");
    const outcome = await patcher().patch(request("ansi-regex"), files);

    expect(outcome).toMatchObject({
      status: "patched",
      strategy: "npm-transitive",
      relationship: "transitive",
      fromVersion: "5.0.0",
      toVersion: "5.0.1",
      chain: ["ansi-regex@5.0.1", "strip-ansi@6.0.0", "(root)"],
    });
    if (outcome.status !== "patched") return;
    expect(outcome.files.map((f) => f.path)).toEqual(["package-lock.json"]);
    const before = lockPackages(files.text("package-lock.json"));
    const after = lockPackages(changedFile(outcome, "package-lock.json"));
    const changed = Object.keys(after).filter((loc) => JSON.stringify(after[loc]) !== JSON.stringify(before[loc]));
    expect(changed).toEqual(["node_modules/ansi-regex"]);
    expect(after["node_modules/ansi-regex"]).toEqual({
      version: "5.0.1",
      resolved: "https://registry.npmjs.org/ansi-regex/-/ansi-regex-5.0.1.tgz",
      integrity: "sha512-quJQXlTSUGL2LH9SUXo8VwsY4soanhgo6LNSm84E1LBcE8s3O0wpdiRzyR9z/ZZJMlMWv37qOOb9pdJlMUEKFQ==",
      license: "MIT",
      engines: { node: ">=8" },
    });
  });

  it("bumps the parent within its declared range when the parent pins a vulnerable version", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("minimist"), fixtureFiles("transitive"));

    expect(outcome).toMatchObject({
      status: "patched",
      strategy: "npm-parent-bump",
      relationship: "transitive",
      fromVersion: "0.0.8",
      toVersion: "1.2.8",
      parentBump: { name: "mkdirp", fromVersion: "0.5.1", toVersion: "0.5.2" },
      chain: ["minimist@1.2.8", "mkdirp@0.5.2", "(root)"],
    });
    if (outcome.status !== "patched") return;
    // ^0.5.1 admits 0.5.2: package.json stays as it is.
    expect(outcome.files.map((f) => f.path)).toEqual(["package-lock.json"]);
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["node_modules/mkdirp"]).toMatchObject({ version: "0.5.2", dependencies: { minimist: "^1.2.5" } });
    expect(lock["node_modules/minimist"]).toMatchObject({ version: "1.2.8" });
    expect(outcome.explanation).toContain(
      "mkdirp 0.5.1 → 0.5.2 (a patch update) is the first mkdirp release that accepts a fixed minimist (it requires minimist@^1.2.5).",
    );
  });

  it("raises the parent's declared range when the bump is outside it", async () => {
    serveRecordedRegistry();
    const base = fixtureFiles("transitive");
    const files = fixtureFiles("transitive", {
      "package.json": base.text("package.json").replace('"mkdirp": "^0.5.1"', '"mkdirp": "0.5.1"'),
      "package-lock.json": base.text("package-lock.json").replace('"mkdirp": "^0.5.1"', '"mkdirp": "0.5.1"'),
    });
    const outcome = await patcher().patch(request("minimist"), files);

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-parent-bump", parentBump: { name: "mkdirp", toVersion: "0.5.2" } });
    expect(changedFile(outcome, "package.json")).toContain('"mkdirp": "0.5.2"');
    expect(lockPackages(changedFile(outcome, "package-lock.json"))[""]!.dependencies).toMatchObject({ mkdirp: "0.5.2" });
  });

  it("names the blocking chain when no parent release accepts a fix and overrides are not allowed", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("minimist"), fixtureFiles("blocked"));

    expect(outcome).toEqual({
      status: "no_fix",
      chain: ["minimist@0.0.10", "optimist@0.6.1", "(root)"],
      reason:
        "minimist@0.0.10 ← optimist@0.6.1 ← (root): no release of optimist newer than 0.6.1 accepts a fixed minimist (optimist@0.6.1 requires minimist@~0.0.1). Allowing overrides (dependencies.allow_overrides) would let secfix force minimist@0.2.4 there.",
    });
  });

  it("adds an override scoped to the blocking parent when overrides are allowed", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("blocked");
    const outcome = await patcher().patch(request("minimist", "package-lock.json", true), files);

    expect(outcome).toMatchObject({
      status: "patched",
      strategy: "npm-override",
      fromVersion: "0.0.10",
      toVersion: "0.2.4",
      chain: ["minimist@0.2.4", "optimist@0.6.1", "(root)"],
    });
    expect(JSON.parse(changedFile(outcome, "package.json"))).toEqual({
      ...JSON.parse(files.text("package.json")),
      overrides: { optimist: { minimist: "0.2.4" } },
    });
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["node_modules/minimist"]).toMatchObject({ version: "0.2.4" });
    expect(lock["node_modules/optimist"]).toMatchObject({ version: "0.6.1", dependencies: { minimist: "~0.0.1" } });
  });
});

describe("createNpmPatcher: workspaces", () => {
  it("raises the range in every workspace that declares the package and updates the root lockfile", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("workspaces");
    const outcome = await patcher().patch(request("lodash"), files);

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-direct", relationship: "direct", toVersion: "4.17.21" });
    if (outcome.status !== "patched") return;
    expect(outcome.files.map((f) => f.path).sort()).toEqual(["package-lock.json", "packages/api/package.json", "packages/util/package.json"]);
    const lock = lockPackages(changedFile(outcome, "package-lock.json"));
    expect(lock["packages/api"]!.dependencies).toEqual({ "@acme/util": "^1.0.0", lodash: "^4.17.21" });
    expect(lock["packages/util"]!.dependencies).toEqual({ lodash: "^4.17.21" });
    expect(installedEntries(lock)).toEqual(installedEntries(npmResult("workspaces", "lodash")));
  });

  it("finds the root lockfile from an alert on a workspace's package.json", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(request("lodash", "packages/util/package.json"), fixtureFiles("workspaces"));

    expect(outcome).toMatchObject({ status: "patched", relationship: "direct", chain: ["lodash@4.17.21", "(workspace packages/util)"] });
  });
});

describe("createNpmPatcher: when there is nothing to do or no way to do it", () => {
  it("says no published version escapes the advisory", async () => {
    serveRecordedRegistry();
    const outcome = await patcher().patch(
      { ...request("lodash"), vulnerabilities: [{ ghsaId: "GHSA-xxxx-yyyy-zzzz", cveId: null, severity: "high", range: "< 9.9.9", firstPatchedVersion: null }] },
      fixtureFiles("direct-styles"),
    );

    expect(outcome).toEqual({ status: "no_fix", reason: "no published version of lodash newer than 4.17.15 is outside < 9.9.9 (GHSA-xxxx-yyyy-zzzz)" });
  });

  it("says so when every copy in the lockfile is already fixed", async () => {
    const fixed = await patcher().patch({ ...request("semver"), vulnerabilities: [{ ...ADVISORIES.semver[0]!, range: "< 7.0.0" }] }, fixtureFiles("direct-styles"));

    expect(fixed).toEqual({ status: "no_fix", reason: "every copy of semver in package-lock.json (7.5.4) is already outside the vulnerable ranges" });
  });

  it("reports a package missing from the registry (404) as unsupported, with what to do", async () => {
    nock(REGISTRY).get("/lodash").reply(404, { error: "Not found" });
    const outcome = await patcher().patch(request("lodash"), fixtureFiles("direct-styles"));

    expect(outcome).toEqual({
      status: "unsupported",
      reason:
        "lodash is not published on https://registry.npmjs.org/ (404); if it comes from a private registry, give secfix that registry (the project's .npmrc)",
    });
  });

  it("lets a registry 5xx escape as a transient error, for the job to retry", async () => {
    nock(REGISTRY).get("/lodash").reply(503, "upstream unavailable");
    const failure = await patcher().patch(request("lodash"), fixtureFiles("direct-styles")).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RegistryError);
    expect(isTransientRegistryError(failure)).toBe(true);
    expect((failure as RegistryError).message).toBe("https://registry.npmjs.org/ answered 503 for lodash; try again later");
  });

  it("treats a registry that does not answer in time as transient", async () => {
    nock(REGISTRY).get("/lodash").delay(500).reply(200, {});
    const slow = createNpmPatcher(createNpmRegistry({ timeoutMs: 50 }));
    const failure = await slow.patch(request("lodash"), fixtureFiles("direct-styles")).catch((error: unknown) => error);

    expect(isTransientRegistryError(failure)).toBe(true);
    expect((failure as Error).message).toBe("Could not read lodash from https://registry.npmjs.org/: no answer within 50 ms");
  });

  it("raises the range in package.json alone when the project has no lockfile, and says so", async () => {
    serveRecordedRegistry();
    const files = fixtureFiles("direct-styles", { "package-lock.json": null });
    const outcome = await patcher().patch(request("lodash", "package.json"), files);

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-direct", fromVersion: "4.17.15", toVersion: "4.17.21" });
    if (outcome.status !== "patched") return;
    expect(outcome.files).toEqual([
      { path: "package.json", before: files.text("package.json"), after: files.text("package.json").replace("^4.17.15", "^4.17.21") },
    ]);
    expect(outcome.explanation).toContain("The project has no lockfile, so only package.json changes; the next install resolves the new range.");
  });

  it("does not guess at a transitive dependency without a lockfile", async () => {
    const outcome = await patcher().patch(request("minimist", "package.json"), fixtureFiles("transitive", { "package-lock.json": null }));

    expect(outcome).toEqual({
      status: "unsupported",
      reason: "minimist is not declared in package.json and there is no lockfile to update; it comes in through another package",
    });
  });

  it("leaves a dependency installed from git alone", async () => {
    serveRecordedRegistry();
    const base = fixtureFiles("direct-styles");
    const git = "github:lodash/lodash#4.17.15";
    const files = fixtureFiles("direct-styles", {
      "package.json": base.text("package.json").replace('"^4.17.15"', JSON.stringify(git)),
      "package-lock.json": base.text("package-lock.json").replace('"lodash": "^4.17.15"', `"lodash": ${JSON.stringify(git)}`),
    });
    const outcome = await patcher().patch(request("lodash"), files);

    expect(outcome).toEqual({
      status: "unsupported",
      reason: "lodash is declared as git (github:lodash/lodash#4.17.15), not a registry version; secfix leaves it alone",
    });
  });

  it("keeps a `*` range and only moves the locked version", async () => {
    serveRecordedRegistry();
    const base = fixtureFiles("direct-styles");
    const files = fixtureFiles("direct-styles", {
      "package.json": base.text("package.json").replace('"^4.17.15"', '"*"'),
      "package-lock.json": base.text("package-lock.json").replace('"lodash": "^4.17.15"', '"lodash": "*"'),
    });
    const outcome = await patcher().patch(request("lodash"), files);

    expect(outcome).toMatchObject({ status: "patched", strategy: "npm-direct", toVersion: "4.17.21" });
    if (outcome.status !== "patched") return;
    expect(outcome.files.map((f) => f.path)).toEqual(["package-lock.json"]);
    expect(outcome.explanation).toContain('package.json keeps lodash@*: the declared range "*" admits any version.');
  });

  it("says when the lockfile does not contain the package at all", async () => {
    const outcome = await patcher().patch(request("axios"), fixtureFiles("direct-styles"));

    expect(outcome).toEqual({ status: "no_fix", reason: "axios is not in package-lock.json; the alert may be about an older commit" });
  });

  it("refuses an advisory range it cannot read rather than guessing", async () => {
    const outcome = await patcher().patch(
      { ...request("lodash"), vulnerabilities: [{ ...ADVISORIES.lodash[0]!, range: "before the fix" }] },
      fixtureFiles("direct-styles"),
    );

    expect(outcome).toEqual({ status: "unsupported", reason: 'advisory GHSA-35jh-r3h4-6jhm gives the range "before the fix", which secfix cannot read' });
  });
});
