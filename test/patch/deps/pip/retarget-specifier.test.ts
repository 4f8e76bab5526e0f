import { describe, expect, it } from "vitest";
import { Pep440Specifier } from "../../../../src/patch/deps/pip/pep440-specifier.js";
import { Pep440Version } from "../../../../src/patch/deps/pip/pep440-version.js";
import { retargetSpecifier } from "../../../../src/patch/deps/pip/retarget-specifier.js";

describe("retargetSpecifier", () => {
  it.each([
    ["==1.0", "1.2.3", "==1.2.3"],
    ["== 1.0", "1.2.3", "== 1.2.3"],
    ["===1.0", "1.2.3", "===1.2.3"],
    ["==1.0,!=1.1", "1.2.3", "==1.2.3,!=1.1"],
    [">=1.0,<2", "1.2.3", ">=1.2.3,<2"],
    [">= 1.0, < 2", "1.2.3", ">= 1.2.3, < 2"],
    [">1.0", "1.2.3", ">=1.2.3"],
    ["> 1.0, <2", "1.2.3", ">= 1.2.3, <2"],
    ["~=1.4.2", "1.4.5", "~=1.4.5"],
    ["~=1.4", "1.6.0", "~=1.6"],
    ["~=1.4", "1.6.2", "~=1.6.2"],
    ["~=1.4", "2", "~=2.0"],
    ["<2", "1.2.3", ">=1.2.3,<2"],
    ["<2, !=1.1", "1.2.3", ">=1.2.3, <2, !=1.1"],
    ["==1.2.*", "1.2.5", ">=1.2.5,==1.2.*"],
    ["", "1.2.3", ">=1.2.3"],
  ])("%j with target %s reads %j", (written, target, expected) => {
    expect(retargetSpecifier(Pep440Specifier.parse(written)!, Pep440Version.parse(target)!)).toBe(expected);
  });
});
