import { afterEach, describe, expect, it } from "vitest";
import { codeInjectionRecipe } from "../../../src/patch/recipes/code-injection.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = codeInjectionRecipe;

const SETTINGS_CJS = `function parseSettings(req) {
  const settings = eval("(" + req.body.settings + ")");
  return { theme: settings.theme, pageSize: settings.pageSize };
}

module.exports = { parseSettings };
`;

const STATE_TS = `export function restore(serialized: string): Record<string, unknown> {
  return new Function("return " + serialized)();
}
`;

const g = globalThis as { pwned?: boolean };
afterEach(() => {
  delete g.pwned;
});

describe("codeInjectionRecipe", () => {
  it("reads eval(\"(\" + text + \")\") data with JSON.parse (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: SETTINGS_CJS, path: "settings.js", ruleId: "js/code-injection", needle: "req.body.settings" }));
    expect(after).toBe(SETTINGS_CJS.replace(`eval("(" + req.body.settings + ")")`, "JSON.parse(req.body.settings)"));
  });

  it("parses the same JSON as before, and an injected expression no longer runs", () => {
    const after = fixedText(runRecipe(recipe, { source: SETTINGS_CJS, path: "settings.js", ruleId: "js/code-injection", needle: "eval" }));
    const before = loadCommonJs(SETTINGS_CJS);
    const fixed = loadCommonJs(after);
    const normal = { body: { settings: `{"theme":"dark","pageSize":50}` } };
    expect(fixed.parseSettings(normal)).toEqual(before.parseSettings(normal));
    const attack = { body: { settings: `{"theme": (globalThis.pwned = true), "pageSize": 1}` } };
    before.parseSettings(attack);
    expect(g.pwned).toBe(true);
    delete g.pwned;
    expect(() => fixed.parseSettings(attack)).toThrow(SyntaxError);
    expect(g.pwned).toBeUndefined();
  });

  it("replaces new Function(\"return \" + text)() with JSON.parse (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: STATE_TS, path: "src/state.ts", ruleId: "js/code-injection", needle: "serialized", occurrence: 2 }));
    expect(after).toBe(`export function restore(serialized: string): Record<string, unknown> {
  return JSON.parse(serialized);
}
`);
    const { restore } = await loadEsm(after, true);
    expect(restore(`{"cart":[1,2]}`)).toEqual({ cart: [1, 2] });
    expect(() => restore(`(() => { globalThis.pwned = true; return {}; })()`)).toThrow(SyntaxError);
    expect(g.pwned).toBeUndefined();
  });

  it("treats eval of a value named as JSON as parsing", () => {
    const source = `const data = eval(message.json);\n`;
    expect(fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "security/detect-eval-with-expression", needle: "eval(message.json)" }))).toBe(`const data = JSON.parse(message.json);\n`);
  });

  describe("declines", () => {
    it("an expression evaluated as code", () => {
      const source = `app.get("/calc", (req, res) => res.json({ result: eval(req.query.expr) }));\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/code-injection", needle: "req.query.expr" }))).toMatch(/nothing says it is JSON/);
    });
    it("a function built from text and kept", () => {
      const source = `const check = new Function("user", req.body.rule);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/code-injection", needle: "req.body.rule" }))).toMatch(/reusable function/);
    });
  });
});
