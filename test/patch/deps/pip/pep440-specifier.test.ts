import { describe, expect, it } from "vitest";
import { Pep440Specifier } from "../../../../src/patch/deps/pip/pep440-specifier.js";
import { Pep440Version } from "../../../../src/patch/deps/pip/pep440-version.js";

const v = (text: string) => Pep440Version.parse(text)!;
const spec = (text: string): Pep440Specifier => {
  const parsed = Pep440Specifier.parse(text);
  if (!parsed) throw new Error(`test specifier ${text} does not parse`);
  return parsed;
};
const admits = (specifier: string, version: string, prereleases?: boolean) => spec(specifier).contains(v(version), { prereleases });

const PROBES = ["1.3", "1.4", "1.4.4", "1.4.5a3", "1.4.5a4", "1.4.5", "1.4.5.1", "1.4.9", "1.5", "2.1", "2.2", "2.2.post2", "2.2.post3", "2.2.0", "2.2.1", "2.9", "3.0", "3.0.dev0"];

describe("Pep440Specifier: PEP 440's compatible release examples", () => {
  it.each([
    ["~= 2.2", ">= 2.2, == 2.*"],
    ["~= 1.4.5", ">= 1.4.5, == 1.4.*"],
    ["~= 2.2.post3", ">= 2.2.post3, == 2.*"],
    ["~= 1.4.5a4", ">= 1.4.5a4, == 1.4.*"],
    ["~= 2.2.0", ">= 2.2.0, == 2.2.*"],
    ["~= 1.4.5.0", ">= 1.4.5.0, == 1.4.5.*"],
  ])("%s admits exactly what %s admits", (compatible, expanded) => {
    for (const probe of PROBES) {
      expect(admits(compatible, probe, true), `${compatible} vs ${probe}`).toBe(admits(expanded, probe, true));
    }
  });

  it("~=1.4.5 admits 1.4.9 but not 1.5 or 1.4.4", () => {
    expect(admits("~=1.4.5", "1.4.9")).toBe(true);
    expect(admits("~=1.4.5", "1.5")).toBe(false);
    expect(admits("~=1.4.5", "1.4.4")).toBe(false);
  });
});

describe("Pep440Specifier: version matching", () => {
  it.each([
    // PEP 440's example: the candidate 1.1.post1.
    ["== 1.1", "1.1.post1", false],
    ["== 1.1.post1", "1.1.post1", true],
    ["== 1.1.*", "1.1.post1", true],
    // Zero padding both ways.
    ["==1.1", "1.1.0", true],
    ["==1.1.0", "1.1", true],
    ["==1.*", "1.0.0", true],
    ["==1.0.*", "1", true],
    ["==1.1.*", "1.10", false],
    ["==1.1.*", "1.1a1", true],
    ["==2!1.*", "1.0", false],
    // Local labels are ignored unless the specifier names one.
    ["==1.0", "1.0+cpu", true],
    ["==1.0+cpu", "1.0+cpu", true],
    ["==1.0+cpu", "1.0", false],
    ["!=1.0", "1.0+cpu", false],
    ["!=1.0.*", "1.0.5", false],
    ["!=1.0.*", "1.1", true],
    ["===1.0", "1.0", true],
    ["===1.0", "1.0.0", false],
  ] as const)("%s against %s: %s", (specifier, version, expected) => {
    expect(admits(specifier, version, true)).toBe(expected);
  });
});

describe("Pep440Specifier: ordered comparisons", () => {
  it.each([
    // PEP 440's exclusive comparison examples.
    [">1.7", "1.7.1", true],
    [">1.7", "1.7.0.post1", false],
    [">1.7", "1.7.0+local", false],
    [">1.7.post2", "1.7.1", true],
    [">1.7.post2", "1.7.0.post3", true],
    [">1.7.post2", "1.7.0", false],
    ["<3.1", "3.1.dev0", false],
    ["<3.1", "3.1a1", false],
    ["<3.1", "3.0.dev0", true],
    ["<3.1rc1", "3.1a1", true],
    ["<3.1", "3.0.9", true],
    // Inclusive comparisons ignore local labels.
    ["<=2.0", "2.0+local", true],
    [">=2.0", "2.0+local", true],
    [">=2.0", "2.0rc1", false],
    [">= 2.9.0, < 2.9.18", "2.9.17", true],
    [">= 2.9.0, < 2.9.18", "2.9.18", false],
    [">= 2.9.0, < 2.9.18", "2.8.99", false],
    [">=1.0,!=1.3.*,<2", "1.3.4", false],
    [">=1.0,!=1.3.*,<2", "1.4", true],
  ] as const)("%s against %s: %s", (specifier, version, expected) => {
    expect(admits(specifier, version, true)).toBe(expected);
  });
});

describe("Pep440Specifier: pre-releases", () => {
  it("leaves pre-releases out unless the specifier names one or the caller opts in", () => {
    expect(admits(">=1.0", "2.0a1")).toBe(false);
    expect(admits(">=1.0", "2.0a1", true)).toBe(true);
    expect(admits(">=1.0a1", "2.0a1")).toBe(true);
    expect(admits("==2.0rc1", "2.0rc1")).toBe(true);
    expect(admits("", "2.0.dev1")).toBe(false);
    expect(admits("", "2.0")).toBe(true);
  });

  it("does not count != as asking for pre-releases", () => {
    expect(spec("!=2.0a1").prereleases).toBe(false);
    expect(spec(">=1.0, !=2.0a1").prereleases).toBe(false);
    expect(spec("~=2.0b1").prereleases).toBe(true);
  });
});

describe("Pep440Specifier.parse", () => {
  it("keeps each clause's offsets in the text as written", () => {
    const parsed = spec(">= 1.0 , <2");
    expect(parsed.clauses.map((c) => [c.operator, c.versionText, c.start, c.versionStart, c.end])).toEqual([
      [">=", "1.0", 0, 3, 6],
      ["<", "2", 9, 10, 11],
    ]);
  });

  it("reads blank text as the set that admits everything", () => {
    expect(spec("  ").clauses).toEqual([]);
    expect(admits("", "0.0.1")).toBe(true);
  });

  it.each(["1.0", ">=", "~=1", ">=1.0.*", "<1.0+local", "==1.0.*+local", "==1.0a1.*", ">=1.0,", ",>=1.0", "=>1.0", ">=1.0 <2", "~=1.0+local", ">=french"])("refuses %j", (text) => {
    expect(Pep440Specifier.parse(text)).toBeNull();
  });

  it("reads === with any text, which then matches no PEP 440 range", () => {
    const arbitrary = spec("===foobar");
    expect(arbitrary.contains(v("1.0"))).toBe(false);
    expect(arbitrary.interval().isEmpty).toBe(true);
  });
});

describe("Pep440Specifier.interval", () => {
  const overlaps = (a: string, b: string) => spec(a).interval().overlaps(spec(b).interval());

  it.each([
    [">=1.0,<2", ">=1.5", true],
    [">=1.0,<2", ">=2", false],
    ["<=2", ">=2", true],
    ["<2", ">2", false],
    ["==1.2.*", ">=1.3", false],
    ["==1.2.*", "<1.2.1", true],
    ["~=1.4.2", ">=1.5", false],
    ["~=1.4.2", "<1.4.2", false],
    ["~=1.4", ">=1.9, <2", true],
    ["==1.0", "==1.0.0", true],
    ["!=1.0", "==1.0", false],
    [">=0.9,!=1.0", "==1.0", false],
    ["", "<0.1", true],
  ])("%s and %s overlap: %s", (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
  });
});
