import { describe, expect, it } from "vitest";
import { redosRecipe } from "../../../src/patch/recipes/redos.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = redosRecipe;

const TRIM_CJS = `function normalise(input) {
  return String(input).replace(/^\\s+|\\s+$/g, "").toLowerCase();
}

module.exports = { normalise };
`;

const EMAIL_TS = `const LOCAL_PART = /^([a-z0-9]+)+@example\\.com$/i;

export function isStaffEmail(address: string): boolean {
  return LOCAL_PART.test(address);
}
`;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

describe("redosRecipe", () => {
  it("replaces the trim regex with String#trim (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: TRIM_CJS, path: "n.js", ruleId: "js/polynomial-redos", needle: "\\s+$" }));
    expect(after).toBe(TRIM_CJS.replace(`replace(/^\\s+|\\s+$/g, "")`, "trim()"));
  });

  it("trims exactly as before, and a long run of spaces returns at once", () => {
    const after = fixedText(runRecipe(recipe, { source: TRIM_CJS, path: "n.js", ruleId: "js/polynomial-redos", needle: "/^\\s+|\\s+$/g" }));
    const before = loadCommonJs(TRIM_CJS);
    const fixed = loadCommonJs(after);
    for (const input of ["  Hello  ", "\t\n\u00a0\ufeffX\u2028\u3000", "", "  ", "a b"]) expect(fixed.normalise(input)).toBe(before.normalise(input));
    // Spaces between two letters make the old regex rescan the run from every position (quadratic).
    const attack = `a${" ".repeat(200_000)}b `;
    const { value, ms } = timed(() => fixed.normalise(attack));
    expect(value).toBe(attack.trim());
    expect(ms).toBeLessThan(100);
  });

  it("collapses a repeated group of one repeated class, keeping the capture (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: EMAIL_TS, path: "src/staff.ts", ruleId: "js/redos", needle: "([a-z0-9]+)+" }));
    expect(after).toBe(EMAIL_TS.replace("/^([a-z0-9]+)+@example\\.com$/i", "/^([a-z0-9]+)@example\\.com$/i"));
    const { isStaffEmail } = await loadEsm(after, true);
    expect(isStaffEmail("ada42@example.com")).toBe(true);
    expect(isStaffEmail("ada.42@example.com")).toBe(false);
    const { value, ms } = timed(() => isStaffEmail(`${"a".repeat(50_000)}!`));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(100);
  });

  it("turns a one-sided trailing-space regex into trimEnd", () => {
    const source = `const line = raw.replace(/\\s*$/, "");\n`;
    expect(fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "js/polynomial-redos", needle: "/\\s*$/" }))).toBe(`const line = raw.trimEnd();\n`);
  });

  it("collapses a non-capturing pair to a single loop", () => {
    const source = `const DIGITS = /^(?:\\d+)*$/;\n`;
    expect(fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "security/detect-unsafe-regex", needle: "/^(?:\\d+)*$/" }))).toBe(`const DIGITS = /^\\d*$/;\n`);
  });

  describe("declines, leaving the pattern to the model", () => {
    it("a nested loop whose body is more than one repeated character", () => {
      const source = `const WORDS = /^(\\w+\\s?)+$/;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/redos", needle: "(\\w+\\s?)+" }))).toBe("no provably safe rewrite for this pattern; left to the model.");
    });
    it("a rewrite that would leave another nested loop behind", () => {
      const source = `const ID = /^(?:\\d+)+-(x*)*$/;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/redos", needle: "/^(?:\\d+)+-(x*)*$/" }))).toMatch(/left to the model/);
    });
    it("a pattern with a backreference", () => {
      const source = `const R = /^(a+)+\\1$/;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/redos", needle: "/^(a+)+\\1$/" }))).toMatch(/left to the model/);
    });
    it("the trim alternation without the global flag (it would only strip one side)", () => {
      const source = `const t = s.replace(/^\\s+|\\s+$/, "");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/polynomial-redos", needle: "/^" }))).toMatch(/left to the model/);
    });
    it("a pattern given as a string", () => {
      const source = `const R = new RegExp("(a+)+$");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/redos", needle: "new RegExp" }))).toMatch(/given as a string/);
    });
  });
});
