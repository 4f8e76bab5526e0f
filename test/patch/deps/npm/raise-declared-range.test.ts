import { describe, expect, it } from "vitest";
import { raiseDeclaredRange } from "../../../../src/patch/deps/npm/raise-declared-range.js";

describe("raiseDeclaredRange", () => {
  it.each([
    ["^1.2.3", "1.4.0", "^1.4.0"],
    ["~1.2.3", "1.2.5", "~1.2.5"],
    ["1.2.3", "1.4.0", "1.4.0"],
    ["=1.2.3", "1.4.0", "=1.4.0"],
    ["v1.2.3", "1.4.0", "v1.4.0"],
    ["^0.2.3", "0.3.0", "^0.3.0"],
    [">=1.0.0", "2.0.0", ">=1.0.0"],
    ["<1.3.0", "1.2.5", "<1.3.0"],
    [">=1.0.0 <1.2.0", "1.2.5", "^1.2.5"],
    ["1.x", "2.0.1", "2.x"],
    ["1.2.x", "1.3.0", "1.3.x"],
    ["npm:lodash@^4.17.15", "4.17.21", "npm:lodash@^4.17.21"],
  ])("raises %s to admit %s as %s", (spec, target, expected) => {
    const raised = raiseDeclaredRange(spec, "pkg", target);

    expect(raised.kind === "unsupported" ? raised.reason : raised.spec).toBe(expected);
  });

  it("keeps ranges that already admit the target, and says why", () => {
    expect(raiseDeclaredRange(">=1.0.0", "pkg", "2.0.0")).toEqual({ kind: "unchanged", spec: ">=1.0.0", note: "the declared range >=1.0.0 already admits 2.0.0" });
    expect(raiseDeclaredRange("*", "pkg", "2.0.0")).toEqual({ kind: "unchanged", spec: "*", note: 'the declared range "*" admits any version' });
  });

  it("says when a range could not keep its form", () => {
    expect(raiseDeclaredRange(">=1.0.0 <1.2.0", "pkg", "1.2.5")).toEqual({
      kind: "raised",
      spec: "^1.2.5",
      note: "the declared range >=1.0.0 <1.2.0 could not be raised keeping its form, so it became ^1.2.5",
    });
  });

  it.each([
    ["github:user/pkg#v1", "pkg is declared as git (github:user/pkg#v1), not a registry version; secfix leaves it alone"],
    ["file:../pkg", "pkg is declared as a local path (file:../pkg), not a registry version; secfix leaves it alone"],
    ["https://example.com/pkg.tgz", "pkg is declared as a tarball URL (https://example.com/pkg.tgz), not a registry version; secfix leaves it alone"],
    ["latest", 'pkg is declared by the dist-tag "latest"; secfix only raises version ranges, so pin a version (e.g. ^2.0.0) first'],
  ])("leaves %s alone", (spec, reason) => {
    expect(raiseDeclaredRange(spec, "pkg", "2.0.0")).toEqual({ kind: "unsupported", reason });
  });
});
