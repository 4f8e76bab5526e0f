import { describe, expect, it } from "vitest";
import { Pep440Version } from "../../../../src/patch/deps/pip/pep440-version.js";

const v = (text: string): Pep440Version => {
  const version = Pep440Version.parse(text);
  if (!version) throw new Error(`test version ${text} does not parse`);
  return version;
};

// PEP 440, "Summary of permitted suffixes and relative ordering": this list is in order.
const PEP_ORDER = [
  "1.dev0",
  "1.0.dev456",
  "1.0a1",
  "1.0a2.dev456",
  "1.0a12.dev456",
  "1.0a12",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0rc1.dev456",
  "1.0rc1",
  "1.0",
  "1.0+abc.5",
  "1.0+abc.7",
  "1.0+5",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.0.15",
  "1.1.dev1",
];

describe("Pep440Version ordering", () => {
  it("orders PEP 440's own example list, each version strictly after the one before", () => {
    for (let i = 1; i < PEP_ORDER.length; i += 1) {
      expect(v(PEP_ORDER[i - 1]!).compare(v(PEP_ORDER[i]!)), `${PEP_ORDER[i - 1]} < ${PEP_ORDER[i]}`).toBe(-1);
      expect(v(PEP_ORDER[i]!).compare(v(PEP_ORDER[i - 1]!))).toBe(1);
    }
  });

  it("sorts a shuffled copy back into PEP 440's order", () => {
    const shuffled = [...PEP_ORDER].reverse();
    shuffled.push(shuffled.shift()!, shuffled.shift()!);
    expect(shuffled.map(v).sort((a, b) => a.compare(b)).map(String)).toEqual(PEP_ORDER);
  });

  it.each([
    ["1.0", "1.0.0"],
    ["1.0", "1.0.0.0"],
    ["1.0a1", "1.0.0a1"],
    ["1.0.post1", "1.0.0.post1"],
    ["0!1.0", "1.0"],
    ["1.0-1", "1.0.post1"],
    ["1.1RC1", "1.1rc1"],
  ])("treats %s and %s as the same version", (a, b) => {
    expect(v(a).equals(v(b))).toBe(true);
    expect(v(a).compare(v(b))).toBe(0);
  });

  it.each([
    ["1.0", "1.0+local", -1],
    ["1!1.0", "2.0", 1],
    ["1.0.dev1", "1.0a1", -1],
    ["1.0a1", "1.0b1", -1],
    ["1.0b1", "1.0rc1", -1],
    ["1.0rc1", "1.0", -1],
    ["1.0", "1.0.post1", -1],
    ["1.0.post1.dev1", "1.0.post1", -1],
    ["1.0+abc", "1.0+abc.1", -1],
    ["1.0+zzz", "1.0+1", -1],
    ["1.0.1", "1.0.10", -1],
    ["1.9", "1.10", -1],
    ["1.0.20240101123045123456", "1.0.20240101123045123457", -1],
  ] as const)("orders %s against %s as %i", (a, b, order) => {
    expect(v(a).compare(v(b))).toBe(order);
    expect(v(b).compare(v(a))).toBe(-order);
  });
});

describe("Pep440Version normalisation", () => {
  // PEP 440, "Normalization": each spelling on the left is the version on the right.
  it.each([
    ["1.1RC1", "1.1rc1"],
    ["00", "0"],
    ["09000", "9000"],
    ["1.0.01", "1.0.1"],
    ["1.1.a1", "1.1a1"],
    ["1.1-a1", "1.1a1"],
    ["1.1_a1", "1.1a1"],
    ["1.0a.1", "1.0a1"],
    ["1.1alpha1", "1.1a1"],
    ["1.1beta2", "1.1b2"],
    ["1.1c3", "1.1rc3"],
    ["1.1pre1", "1.1rc1"],
    ["1.1preview1", "1.1rc1"],
    ["1.2a", "1.2a0"],
    ["1.2-post2", "1.2.post2"],
    ["1.2post2", "1.2.post2"],
    ["1.2.post-2", "1.2.post2"],
    ["1.0-r4", "1.0.post4"],
    ["1.0-rev4", "1.0.post4"],
    ["1.2.post", "1.2.post0"],
    ["1.0-1", "1.0.post1"],
    ["1.2-dev2", "1.2.dev2"],
    ["1.2dev2", "1.2.dev2"],
    ["1.2.dev", "1.2.dev0"],
    ["1.0+ubuntu-1", "1.0+ubuntu.1"],
    ["1.0+Ubuntu_1", "1.0+ubuntu.1"],
    ["v1.0", "1.0"],
    [" 1.0\n", "1.0"],
    ["1!1.0", "1!1.0"],
    ["0!1.0", "1.0"],
    ["1.0a1.post2.dev3+local.007", "1.0a1.post2.dev3+local.7"],
  ])("reads %j as %s", (written, normalised) => {
    expect(v(written).toString()).toBe(normalised);
  });

  it.each(["", "french toast", "1.0-", "1.0+", "1..0", "2004d", "1.0.", "1.0+local+again", "=1.0", "1.0 beta"])("refuses %j", (text) => {
    expect(Pep440Version.parse(text)).toBeNull();
  });

  it("tells pre-releases (including dev releases) and post-releases apart", () => {
    expect(v("1.0a1").isPrerelease).toBe(true);
    expect(v("1.0.dev3").isPrerelease).toBe(true);
    expect(v("1.0.post1.dev1").isPrerelease).toBe(true);
    expect(v("1.0.post1").isPrerelease).toBe(false);
    expect(v("1.0.post1").isPostrelease).toBe(true);
    expect(v("1.0").isPrerelease).toBe(false);
  });

  it("drops the local label for the public version and everything but the release for the base", () => {
    expect(v("1!2.0rc1.post3.dev4+cpu").public.toString()).toBe("1!2.0rc1.post3.dev4");
    expect(v("1!2.0rc1.post3.dev4+cpu").base.toString()).toBe("1!2.0");
  });
});
