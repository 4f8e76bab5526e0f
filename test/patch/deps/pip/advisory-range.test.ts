import { describe, expect, it } from "vitest";
import { AdvisoryRange } from "../../../../src/patch/deps/pip/advisory-range.js";
import { Pep440Version } from "../../../../src/patch/deps/pip/pep440-version.js";

const inRange = (range: string, version: string) => AdvisoryRange.parse(range)!.contains(Pep440Version.parse(version)!);

describe("AdvisoryRange", () => {
  it.each([
    [">= 2.9.0, < 2.9.18", "2.9.0", true],
    [">= 2.9.0, < 2.9.18", "2.9.17", true],
    [">= 2.9.0, < 2.9.18", "2.9.18", false],
    [">= 2.9.0, < 2.9.18", "2.8.19", false],
    // No pre-release exclusion: a release candidate of the fix is still before the fix.
    [">= 2.9.0, < 2.9.18", "2.9.18rc1", true],
    ["< 2.8.19", "0.1", true],
    ["< 2.8.19", "2.8.19", false],
    ["<= 1.0.8", "1.0.8", true],
    ["<= 1.0.8", "1.0.8.post1", false],
    ["> 1.0", "1.0", false],
    ["= 1.0", "1.0.0", true],
    ["= 1.0", "1.0.1", false],
    ["= 1.0", "1.0+ubuntu1", true],
    [">= 0", "999", true],
    [">=4.3.0,<4.3.5", "4.3.4", true],
  ] as const)("%s contains %s: %s", (range, version, expected) => {
    expect(inRange(range, version)).toBe(expected);
  });

  it.each(["", "  ", "~> 1.0", ">= 1.0 < 2", "< banana", ">= 1.0,", "!= 1.0"])("refuses %j", (text) => {
    expect(AdvisoryRange.parse(text)).toBeNull();
  });

  it("keeps the text it read, trimmed", () => {
    expect(AdvisoryRange.parse("  >= 1.0, < 1.2 ")!.text).toBe(">= 1.0, < 1.2");
  });
});
