import { describe, expect, it } from "vitest";
import type { VulnerableRange } from "../../src/domain/dependency-fix.js";
import { checkDependencyRescan } from "../../src/gates/check-dependency-rescan.js";
import { LOCK_V3, REQUIREMENTS } from "./dependency-files.js";

function advisory(ghsaId: string, range: string, firstPatchedVersion: string | null = null): VulnerableRange {
  return { ghsaId, cveId: null, severity: "high", range, firstPatchedVersion };
}

const LODASH_CMD_INJECTION = advisory("GHSA-35jh-r3h4-6jhm", "< 4.17.21", "4.17.21");
const QS_PROTO = advisory("GHSA-hrpp-h998-j3pp", ">= 6.5.0, < 6.5.3", "6.5.3");
const PYYAML_RCE = advisory("GHSA-8q59-q68h-6hv4", "< 5.4", "5.4");
const DJANGO_DOS = advisory("GHSA-xxj9-f6rv-m3x4", ">= 4.2a1, < 4.2.10", "4.2.10");

const npmLock = (text = LOCK_V3) => [{ path: "package-lock.json", text }];

describe("checkDependencyRescan", () => {
  it("passes when every resolved version is outside every range, naming versions and files", () => {
    const lock = LOCK_V3.replace(/"node_modules\/lodash-legacy"[\s\S]*?\},\n/, "");
    const verdict = checkDependencyRescan({ ecosystem: "npm", files: npmLock(lock), packages: [{ name: "lodash", vulnerabilities: [LODASH_CMD_INJECTION] }] });
    expect(verdict).toEqual({
      gate: "rescan",
      passed: true,
      evidence: ["lodash 4.17.21 in package-lock.json is outside every vulnerable range (GHSA-35jh-r3h4-6jhm `< 4.17.21`)"],
    });
  });

  it("fails when any installed copy is still inside a range, even if the top-level one is fixed", () => {
    const verdict = checkDependencyRescan({ ecosystem: "npm", files: npmLock(), packages: [{ name: "lodash", vulnerabilities: [LODASH_CMD_INJECTION] }] });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual([
      "lodash 4.17.15 in package-lock.json is still inside GHSA-35jh-r3h4-6jhm `< 4.17.21`",
      "lodash 4.17.21 in package-lock.json is outside every vulnerable range (GHSA-35jh-r3h4-6jhm `< 4.17.21`)",
    ]);
  });

  it("fails on a nested copy inside a bounded range and passes the hoisted copy outside it", () => {
    const verdict = checkDependencyRescan({ ecosystem: "npm", files: npmLock(), packages: [{ name: "qs", vulnerabilities: [QS_PROTO] }] });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe("qs 6.5.2 in package-lock.json is still inside GHSA-hrpp-h998-j3pp `>= 6.5.0, < 6.5.3`");
  });

  it("fails when no file resolves the package, e.g. only package.json with a range", () => {
    const verdict = checkDependencyRescan({
      ecosystem: "npm",
      files: [{ path: "package.json", text: '{"dependencies":{"lodash":"^4.17.21"}}' }],
      packages: [{ name: "lodash", vulnerabilities: [LODASH_CMD_INJECTION] }],
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/^cannot find the resolved version of lodash in package.json;/);
  });

  it("fails when the package is absent from the lockfile, and when there are no files", () => {
    expect(checkDependencyRescan({ ecosystem: "npm", files: npmLock(), packages: [{ name: "minimist", vulnerabilities: [] }] }).evidence[0]).toMatch(/^cannot find the resolved version of minimist/);
    expect(checkDependencyRescan({ ecosystem: "npm", files: [], packages: [{ name: "minimist", vulnerabilities: [] }] }).evidence[0]).toMatch(/in no files;/);
  });

  it("counts an unreadable advisory range as vulnerable and a non-semver version as unjudgeable", () => {
    const range = checkDependencyRescan({ ecosystem: "npm", files: npmLock(), packages: [{ name: "express", vulnerabilities: [advisory("GHSA-rv95-896h-c2vc", "before 4.19.2")] }] });
    expect(range.passed).toBe(false);
    expect(range.evidence[0]).toBe("express 4.18.2 in package-lock.json: the range of GHSA-rv95-896h-c2vc (`before 4.19.2`) cannot be read, so secfix counts the version as vulnerable");

    const git = JSON.stringify({ lockfileVersion: 1, dependencies: { lodash: { version: "github:lodash/lodash#f299b52f39486275a9e6483b60a410e06520c538" } } });
    const version = checkDependencyRescan({ ecosystem: "npm", files: npmLock(git), packages: [{ name: "lodash", vulnerabilities: [LODASH_CMD_INJECTION] }] });
    expect(version.passed).toBe(false);
    expect(version.evidence[0]).toMatch(/is not a version secfix can compare by npm rules/);
  });

  it("judges pip pins with PEP 440 ranges and PEP 503 names", () => {
    const fixed = REQUIREMENTS.replace("PyYAML==5.3.1", "PyYAML==5.4.1");
    const pass = checkDependencyRescan({ ecosystem: "pip", files: [{ path: "requirements.txt", text: fixed }], packages: [{ name: "pyyaml", vulnerabilities: [PYYAML_RCE] }, { name: "Django", vulnerabilities: [DJANGO_DOS] }] });
    expect(pass.passed).toBe(true);
    expect(pass.evidence).toEqual([
      "pyyaml 5.4.1 in requirements.txt is outside every vulnerable range (GHSA-8q59-q68h-6hv4 `< 5.4`)",
      "Django 4.2.10 in requirements.txt is outside every vulnerable range (GHSA-xxj9-f6rv-m3x4 `>= 4.2a1, < 4.2.10`)",
    ]);

    const fail = checkDependencyRescan({ ecosystem: "pip", files: [{ path: "requirements.txt", text: REQUIREMENTS }], packages: [{ name: "pyyaml", vulnerabilities: [PYYAML_RCE] }] });
    expect(fail.passed).toBe(false);
    expect(fail.evidence).toEqual(["pyyaml 5.3.1 in requirements.txt is still inside GHSA-8q59-q68h-6hv4 `< 5.4`"]);
  });

  it("treats a pre-release of the fixed version as still vulnerable", () => {
    const verdict = checkDependencyRescan({ ecosystem: "pip", files: [{ path: "requirements.txt", text: "pyyaml==5.4rc1\n" }], packages: [{ name: "pyyaml", vulnerabilities: [PYYAML_RCE] }] });
    expect(verdict.passed).toBe(false);
  });

  it("looks in every file: a version left behind in a second lockfile fails", () => {
    const verdict = checkDependencyRescan({
      ecosystem: "pip",
      files: [
        { path: "requirements.txt", text: "pyyaml==6.0.1\n" },
        { path: "requirements-dev.txt", text: "pyyaml==5.3.1\n" },
      ],
      packages: [{ name: "pyyaml", vulnerabilities: [PYYAML_RCE] }],
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe("pyyaml 5.3.1 in requirements-dev.txt is still inside GHSA-8q59-q68h-6hv4 `< 5.4`");
  });

  it("fails a fix that names no package", () => {
    expect(checkDependencyRescan({ ecosystem: "npm", files: npmLock(), packages: [] }).passed).toBe(false);
  });
});
