import { describe, expect, it } from "vitest";
import { chooseTargetVersion } from "../../../../src/patch/deps/pip/choose-target-version.js";
import { Pep440Specifier } from "../../../../src/patch/deps/pip/pep440-specifier.js";
import { readVulnerableRanges } from "../../../../src/patch/deps/pip/read-vulnerable-ranges.js";
import type { PypiRelease } from "../../../../src/registry/pypi-registry.js";

const file = (name: string, yanked = false) => ({ filename: name, sha256: "a".repeat(64), yanked });
const releases = (spec: Record<string, "ok" | "yanked" | "empty">): Record<string, PypiRelease> =>
  Object.fromEntries(
    Object.entries(spec).map(([version, kind]) => [
      version,
      kind === "empty" ? { files: [], yanked: false } : { files: [file(`x-${version}.tar.gz`, kind === "yanked")], yanked: kind === "yanked" },
    ]),
  );
const vulns = (...ranges: [string, string | null][]) => {
  const read = readVulnerableRanges(ranges.map(([range, first], i) => ({ ghsaId: `GHSA-000${i}`, cveId: null, severity: "high", range, firstPatchedVersion: first })));
  if (!("ok" in read)) throw new Error("test range does not parse");
  return read.ok;
};
const site = (specifier: string) => ({ specifier: Pep440Specifier.parse(specifier)!, label: `x${specifier} (requirements.txt line 1)` });

describe("chooseTargetVersion", () => {
  it("picks the lowest release outside every range, above the current pin, and says why", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "0.9": "ok", "1.0": "ok", "1.1": "ok", "1.2": "ok", "1.3": "ok", "2.0": "ok" }),
      vulnerabilities: vulns(["< 1.2", "1.2"], [">= 1.2, < 1.3", "1.3"]),
      sites: [site("==1.0")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.3", specifiers: ["==1.3"] });
    if (choice.kind !== "target") return;
    expect(choice.notes).toEqual(["x 1.3 is the lowest release on PyPI outside every vulnerable range (GHSA-0000: < 1.2; GHSA-0001: >= 1.2, < 1.3) that the requirement can move to."]);
  });

  it("never moves down, even when an older release is outside the range", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.9": "ok", "2.0": "ok", "2.1": "ok", "2.3": "ok" }),
      vulnerabilities: vulns([">= 2.0, < 2.3", "2.3"]),
      sites: [site("==2.1")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "2.3" });
  });

  it("passes over yanked releases, releases without files and pre-releases, and names them", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.0": "ok", "1.2": "yanked", "1.3rc1": "ok", "1.3": "empty", "1.4": "ok" }),
      vulnerabilities: vulns(["< 1.2", "1.2"]),
      sites: [site("==1.0")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.4" });
    if (choice.kind !== "target") return;
    expect(choice.notes.slice(1)).toEqual([
      "Passed over 1.2: yanked on PyPI.",
      "Passed over pre-release 1.3rc1: the requirement does not ask for pre-releases.",
      "Passed over 1.3: PyPI has no files for it.",
    ]);
  });

  it("takes a pre-release when the current pin is one", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "2.0b1": "ok", "2.0rc1": "ok", "2.0": "ok" }),
      vulnerabilities: vulns(["< 2.0rc1", "2.0rc1"]),
      sites: [site("==2.0b1")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "2.0rc1", specifiers: ["==2.0rc1"] });
  });

  it("orders releases as PEP 440 does, not as strings", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.10": "ok", "1.9": "ok", "1.2": "ok" }),
      vulnerabilities: vulns(["< 1.9", "1.9"]),
      sites: [site(">=1.2")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.9", specifiers: [">=1.9"] });
  });

  it("moves a minimum past a later vulnerable range, since the range would still be admitted", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.0": "ok", "1.5": "ok", "1.8": "ok", "1.9": "ok", "2.0": "ok" }),
      vulnerabilities: vulns(["< 1.5", "1.5"], [">= 1.8, < 1.9", "1.9"]),
      sites: [site(">=1.0,<3")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.9", specifiers: [">=1.9,<3"] });
  });

  it("does not lift an upper bound: no fix, naming the requirement and the version it would need", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.0": "ok", "1.9": "ok", "2.0.1": "ok" }),
      vulnerabilities: vulns(["< 2.0.1", "2.0.1"]),
      sites: [site(">=1.0,<2")],
    });
    expect(choice).toEqual({
      kind: "none",
      reason:
        "x>=1.0,<2 (requirements.txt line 1) cannot admit x 2.0.1, the lowest release outside every vulnerable range, without lifting an upper bound or exclusion; secfix leaves that choice to people. Change it by hand if that upgrade is acceptable.",
    });
  });

  it("says when no patched version exists", () => {
    const choice = chooseTargetVersion({ packageName: "x", releases: releases({ "1.0": "ok", "1.1": "ok" }), vulnerabilities: vulns([">= 0", null]), sites: [site("==1.0")] });
    expect(choice).toEqual({
      kind: "none",
      reason: "No release of x on PyPI from 1.0 on is outside every vulnerable range (GHSA-0000: >= 0). The advisory lists no patched version.",
    });
  });

  it("says when the patched version is not on PyPI yet", () => {
    const choice = chooseTargetVersion({ packageName: "x", releases: releases({ "1.0": "ok" }), vulnerabilities: vulns(["< 1.1", "1.1"]), sites: [site("==1.0")] });
    expect(choice).toMatchObject({ kind: "none" });
    if (choice.kind === "none") expect(choice.reason).toContain("The first patched version named by the advisory (1.1) is not an installable release on PyPI yet.");
  });

  it("says when only yanked or pre-releases are outside the ranges", () => {
    const choice = chooseTargetVersion({ packageName: "x", releases: releases({ "1.0": "ok", "1.1": "yanked", "1.2a1": "ok" }), vulnerabilities: vulns(["< 1.1", "1.1"]), sites: [site("==1.0")] });
    expect(choice).toEqual({
      kind: "none",
      reason:
        "No installable release of x on PyPI from 1.0 on is outside every vulnerable range (GHSA-0000: < 1.1); only yanked 1.1 and pre-release 1.2a1 would be, and secfix does not pick those.",
    });
  });

  it("moves every site that admits a vulnerable version to the one target, and leaves safe ones", () => {
    const choice = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.0": "ok", "1.2": "ok", "1.4": "ok" }),
      vulnerabilities: vulns(["< 1.2", "1.2"]),
      sites: [site(">=1.0"), site("==1.0"), site("<3")],
    });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.2", specifiers: [">=1.2", "==1.2", ">=1.2,<3"] });
    const safe = chooseTargetVersion({
      packageName: "x",
      releases: releases({ "1.0": "ok", "1.2": "ok" }),
      vulnerabilities: vulns(["< 1.2", "1.2"]),
      sites: [site("==1.0"), site("!=0.5,>=1.2")],
    });
    expect(safe).toMatchObject({ kind: "target", specifiers: ["==1.2", null] });
  });

  it("skips release keys that are not PEP 440", () => {
    const choice = chooseTargetVersion({ packageName: "x", releases: releases({ "1.0": "ok", "2004d": "ok", "1.1": "ok" }), vulnerabilities: vulns(["< 1.1", "1.1"]), sites: [site("==1.0")] });
    expect(choice).toMatchObject({ kind: "target", releaseKey: "1.1" });
  });
});
