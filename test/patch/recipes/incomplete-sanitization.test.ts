import { describe, expect, it } from "vitest";
import { incompleteSanitizationRecipe } from "../../../src/patch/recipes/incomplete-sanitization.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = incompleteSanitizationRecipe;

const QUOTE_CJS = `function toJsString(value) {
  return "'" + value.replace("'", "\\\\'") + "'";
}

module.exports = { toJsString };
`;

const ANGLES_TS = `export function escapeAngles(text: string): string {
  return text.replace(/</, "&lt;").replace(/>/, "&gt;");
}
`;

const STRIP_CJS = `function stripScripts(html) {
  return html.replace(/<script\\b[^>]*>[\\s\\S]*?<\\/script>/gi, "");
}

module.exports = { stripScripts };
`;

const UNTIL_STABLE_JS = `// Removing a pattern once can join the pieces around it into a new match ("<scr<script>ipt>"),
// so the removal repeats until nothing changes; it only deletes, so it always stops.
function sanitizeUntilStable(value, sanitize) {
  let previous;
  do {
    previous = value;
    value = sanitize(value);
  } while (value !== previous);
  return value;
}`;

describe("incompleteSanitizationRecipe", () => {
  it("makes a first-occurrence string replace global and escapes backslashes first (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: QUOTE_CJS, path: "quote.js", ruleId: "js/incomplete-sanitization", needle: `value.replace("'", "\\\\'")` }));
    expect(after).toBe(`function toJsString(value) {
  return "'" + value.replace(/\\\\/g, "\\\\\\\\").replace(/'/g, "\\\\'") + "'";
}

module.exports = { toJsString };
`);
  });

  it("yields a string literal that reads back as the input, whatever quotes and backslashes it holds", () => {
    const after = fixedText(runRecipe(recipe, { source: QUOTE_CJS, path: "quote.js", ruleId: "js/incomplete-sanitization", needle: `value.replace` }));
    const before = loadCommonJs(QUOTE_CJS);
    const fixed = loadCommonJs(after);
    const readBack = (literal: string) => new Function(`return ${literal};`)() as string;
    expect(fixed.toJsString("it's")).toBe(before.toJsString("it's"));
    expect(readBack(fixed.toJsString("it's"))).toBe("it's");
    // Before: the second quote ends the literal and the rest runs as code.
    const attack = "x' + (globalThis.pwned = 1) + '";
    expect(() => readBack(before.toJsString(`a'${attack}`))).not.toThrow();
    expect(readBack(fixed.toJsString(`a'${attack}`))).toBe(`a'${attack}`);
    expect(readBack(fixed.toJsString("\\'; globalThis.pwned = 2; '"))).toBe("\\'; globalThis.pwned = 2; '");
    expect((globalThis as { pwned?: number }).pwned).toBe(1);
    delete (globalThis as { pwned?: number }).pwned;
  });

  it("adds the global flag to every non-global regex in the alerted chain (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: ANGLES_TS, path: "src/escape.ts", ruleId: "js/incomplete-sanitization", needle: `text.replace(/</, "&lt;").replace(/>/, "&gt;")` }));
    expect(after).toBe(`export function escapeAngles(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
`);
    const { escapeAngles } = await loadEsm(after, true);
    expect(escapeAngles("a < b")).toBe("a &lt; b");
    expect(escapeAngles("<b><script>x</script>")).toBe("&lt;b&gt;&lt;script&gt;x&lt;/script&gt;");
  });

  it("repeats a multi-character removal until stable, so nested tags cannot re-form (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: STRIP_CJS, path: "strip.js", ruleId: "js/incomplete-multi-character-sanitization", needle: "html.replace" }));
    expect(after).toBe(`${UNTIL_STABLE_JS}

function stripScripts(html) {
  return sanitizeUntilStable(html, (value) => value.replace(/<script\\b[^>]*>[\\s\\S]*?<\\/script>/gi, ""));
}

module.exports = { stripScripts };
`);
    const before = loadCommonJs(STRIP_CJS);
    const fixed = loadCommonJs(after);
    const normal = "<p>hi</p><script>track()</script><p>bye</p>";
    expect(fixed.stripScripts(normal)).toBe(before.stripScripts(normal));
    const attack = "<scr<script></script>ipt>alert(1)</scr<script></script>ipt>";
    expect(before.stripScripts(attack)).toBe("<script>alert(1)</script>");
    expect(fixed.stripScripts(attack)).toBe("");
  });

  it("wraps the whole run of deletions in a chain (TypeScript)", () => {
    const source = `export function stripComments(text: string): string {
  return text.replace(/<!--/g, "").replace(/-->/g, "").trim();
}
`;
    const after = fixedText(runRecipe(recipe, { source, path: "c.ts", ruleId: "js/incomplete-multi-character-sanitization", needle: `text.replace(/<!--/g, "")` }));
    expect(after).toBe(`${UNTIL_STABLE_JS.replace("function sanitizeUntilStable(value, sanitize) {\n  let previous;", "function sanitizeUntilStable(value: string, sanitize: (value: string) => string): string {\n  let previous: string;")}

export function stripComments(text: string): string {
  return sanitizeUntilStable(text, (value) => value.replace(/<!--/g, "").replace(/-->/g, "")).trim();
}
`);
  });

  it("makes a tag filter case-insensitive when the alert is about upper-case tags", () => {
    const source = `const SCRIPT = /<script[^>]*>[\\s\\S]*?<\\/script>/g;\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "f.js", ruleId: "js/bad-tag-filter", needle: "/<script", message: "This regular expression does not match upper case <SCRIPT> tags." }));
    expect(after).toBe(`const SCRIPT = /<script[^>]*>[\\s\\S]*?<\\/script>/gi;\n`);
  });

  describe("declines", () => {
    it("a tag filter that misses end-tag variants: that needs an HTML sanitiser", () => {
      const source = `const SCRIPT = /<script[^>]*>[\\s\\S]*?<\\/script>/gi;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "f.js", ruleId: "js/bad-tag-filter", needle: "/<script", message: "This regular expression does not match script end tags like </script >." }))).toMatch(/HTML sanitiser/);
    });
    it("a multi-character replacement that inserts text", () => {
      const source = `const safe = s.replace(/<script>/g, "&lt;script&gt;");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "f.js", ruleId: "js/incomplete-multi-character-sanitization", needle: "s.replace" }))).toMatch(/inserts text/);
    });
    it("a computed pattern", () => {
      const source = `const out = s.replace(quote, "\\\\" + quote);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "f.js", ruleId: "js/incomplete-sanitization", needle: "s.replace" }))).toMatch(/computed/);
    });
    it("backslashes escaped after the quote, which a reorder by hand must fix", () => {
      const source = `const out = s.replace(/"/g, '\\\\"').replace(/\\\\/g, "\\\\\\\\");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "f.js", ruleId: "js/incomplete-sanitization", needle: `s.replace(/"/g, '\\\\"')` }))).toMatch(/reordering/);
    });
    it("a replace that is already global and escapes backslashes first", () => {
      const source = `const out = s.replace(/\\\\/g, "\\\\\\\\").replace(/'/g, "\\\\'");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "f.js", ruleId: "js/incomplete-sanitization", needle: "s.replace" }))).toMatch(/nothing this recipe knows/);
    });
  });
});
