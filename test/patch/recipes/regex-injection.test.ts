import { describe, expect, it } from "vitest";
import { regexInjectionRecipe } from "../../../src/patch/recipes/regex-injection.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = regexInjectionRecipe;

const ESCAPE_JS = `// Makes text match itself inside a regular expression: every metacharacter is escaped.
function escapeRegExp(value) {
  return String(value).replace(/[.*+?^\${}()|[\\]\\\\/]/g, "\\\\$&");
}`;

const SEARCH_CJS = `const products = ["C++ Primer", "C# in Depth", "Clean Code"];

function search(req, res) {
  const matcher = new RegExp("^" + req.query.q, "i");
  res.json(products.filter((p) => matcher.test(p)));
}

module.exports = { search };
`;

const HIGHLIGHT_TS = `export function highlight(text: string, term: string): string {
  return text.replace(new RegExp(\`(\${term})\`, "gi"), "<mark>$1</mark>");
}
`;

describe("regexInjectionRecipe", () => {
  it("escapes input concatenated into new RegExp (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: SEARCH_CJS, path: "search.js", ruleId: "js/regex-injection", needle: `"^" + req.query.q` }));
    expect(after).toBe(`${ESCAPE_JS}

const products = ["C++ Primer", "C# in Depth", "Clean Code"];

function search(req, res) {
  const matcher = new RegExp("^" + escapeRegExp(req.query.q), "i");
  res.json(products.filter((p) => matcher.test(p)));
}

module.exports = { search };
`);
  });

  it("matches the same for plain text, and treats metacharacters and ReDoS patterns literally", () => {
    const after = fixedText(runRecipe(recipe, { source: SEARCH_CJS, path: "search.js", ruleId: "js/regex-injection", needle: "req.query.q" }));
    const run = (code: string, q: string) => {
      let body: unknown;
      loadCommonJs(code).search({ query: { q } }, { json: (b: unknown) => (body = b) });
      return body;
    };
    expect(run(after, "clean")).toEqual(run(SEARCH_CJS, "clean"));
    expect(run(after, "C++")).toEqual(["C++ Primer"]);
    expect(() => run(SEARCH_CJS, "C++")).toThrow(SyntaxError);
    expect(run(SEARCH_CJS, ".*")).toHaveLength(3);
    expect(run(after, ".*")).toEqual([]);
    const started = Date.now();
    expect(run(after, "(a+)+$")).toEqual([]);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("escapes a template-literal interpolation and keeps the capture group around it (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: HIGHLIGHT_TS, path: "src/highlight.ts", ruleId: "js/regex-injection", needle: "term})`" }));
    expect(after).toBe(`${ESCAPE_JS.replace("function escapeRegExp(value) {", "function escapeRegExp(value: unknown): string {")}

export function highlight(text: string, term: string): string {
  return text.replace(new RegExp(\`(\${escapeRegExp(term)})\`, "gi"), "<mark>$1</mark>");
}
`);
    const { highlight } = await loadEsm(after, true);
    expect(highlight("Node and node", "node")).toBe("<mark>Node</mark> and <mark>node</mark>");
    expect(highlight("1+1=2", "1+1")).toBe("<mark>1+1</mark>=2");
    expect(highlight("abc", ".")).toBe("abc");
  });

  it("escapes a string passed to String#search, which compiles it as a pattern", () => {
    const source = `function has(doc, word) {\n  return doc.search(word) !== -1;\n}\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "js/regex-injection", needle: "doc.search(word)" }));
    expect(after).toContain("return doc.search(escapeRegExp(word)) !== -1;");
    expect(loadCommonJs(`${after}\nmodule.exports = { has };`).has("a.b", "?")).toBe(false);
  });

  describe("declines", () => {
    it("a value named as a pattern", () => {
      const source = `const re = new RegExp(req.body.pattern);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/regex-injection", needle: "req.body.pattern" }))).toMatch(/named as a pattern/);
    });
    it("input spliced into a character class", () => {
      const source = "const re = new RegExp(`[${chars}]+`);\n";
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/regex-injection", needle: "chars" }))).toMatch(/character class/);
    });
    it("a pattern made only of constants", () => {
      const source = `const WORD = "\\\\w+";\nconst re = new RegExp("^" + WORD);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/regex-injection", needle: `"^" + WORD` }))).toMatch(/nothing to change/);
    });
  });
});
