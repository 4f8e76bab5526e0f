import { describe, expect, it } from "vitest";
import type { VulnerableRange } from "../../../../src/domain/dependency-fix.js";
import { chooseTargetVersion } from "../../../../src/patch/deps/npm/choose-target-version.js";
import { parseGithubRange } from "../../../../src/patch/deps/npm/parse-github-range.js";
import type { Packument } from "../../../../src/registry/packument.js";

function packument(versions: Record<string, { deprecated?: string }>): Packument {
  return {
    name: "pkg",
    "dist-tags": {},
    versions: Object.fromEntries(Object.entries(versions).map(([v, extra]) => [v, { name: "pkg", version: v, dist: { tarball: "t" }, ...extra }])),
  };
}

const advisory = (range: string): VulnerableRange => ({ ghsaId: "GHSA-1", cveId: null, severity: "high", range, firstPatchedVersion: null });

describe("parseGithubRange", () => {
  it("reads GitHub's comma notation, including prereleases of vulnerable versions", () => {
    const range = parseGithubRange(">= 2.9.0, < 2.9.18")!;

    expect(range.test("2.9.17")).toBe(true);
    expect(range.test("2.9.18-rc.1")).toBe(true);
    expect(range.test("2.9.18")).toBe(false);
    expect(parseGithubRange("= 1.0.0")!.test("1.0.0")).toBe(true);
    expect(parseGithubRange("< 1.0")!.test("0.9.9")).toBe(true);
    expect(parseGithubRange("anything")).toBeNull();
  });
});

describe("chooseTargetVersion", () => {
  it("takes the lowest newer version outside every range and lists what it skipped", () => {
    const result = chooseTargetVersion(packument({ "1.0.0": {}, "1.0.1": {}, "1.0.2": {}, "1.1.0": {}, "2.0.0": {} }), [advisory("< 1.0.2"), advisory(">= 1.0.2, < 1.1.0")], {
      above: "1.0.0",
      allowPrerelease: false,
    });

    expect(result).toEqual({ ok: true, version: "1.1.0", skippedVulnerable: ["1.0.1", "1.0.2"], skippedDeprecated: [], deprecated: false });
  });

  it("prefers a non-deprecated version, never a prerelease, never a downgrade", () => {
    const versions = packument({ "0.9.0": {}, "1.0.0": {}, "1.0.1-beta.1": {}, "1.0.1": { deprecated: "oops" }, "1.0.2": {} });

    expect(chooseTargetVersion(versions, [advisory("= 1.0.0")], { above: "1.0.0", allowPrerelease: false })).toMatchObject({
      version: "1.0.2",
      skippedDeprecated: ["1.0.1"],
    });
    expect(chooseTargetVersion(versions, [advisory("= 1.0.0")], { above: "1.0.0", allowPrerelease: true })).toMatchObject({ version: "1.0.1-beta.1" });
  });

  it("falls back to a deprecated fix when it is the only one, and says so", () => {
    const result = chooseTargetVersion(packument({ "1.0.0": {}, "1.0.1": { deprecated: "use 2" } }), [advisory("< 1.0.1")], { above: "1.0.0", allowPrerelease: false });

    expect(result).toMatchObject({ ok: true, version: "1.0.1", deprecated: true });
  });

  it("explains when nothing is outside the ranges", () => {
    expect(chooseTargetVersion(packument({ "1.0.0": {} }), [advisory("< 9.9.9")], { above: null, allowPrerelease: false })).toEqual({
      ok: false,
      reason: "no published version of pkg is outside < 9.9.9 (GHSA-1)",
    });
  });
});
