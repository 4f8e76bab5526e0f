import { afterEach, describe, expect, it } from "vitest";
import { unsafeDeserializationRecipe } from "../../../src/patch/recipes/unsafe-deserialization.js";
import { loadCommonJs } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = unsafeDeserializationRecipe;

const CONFIG_CJS = `const yaml = require("js-yaml");

function readConfig(text) {
  const config = yaml.load(text);
  return "loaded " + config.name;
}

module.exports = { readConfig };
`;

const IMPORT_TS = `import * as YAML from "js-yaml";

export function parseManifest(body: string) {
  return YAML.load(body, { filename: "manifest.yml", schema: YAML.DEFAULT_FULL_SCHEMA });
}
`;

/**
 * js-yaml 3 as far as these tests need it: JSON is valid YAML, and a string tagged
 * `!!js/function` becomes a real function under the default (full) schema but is refused as an
 * unknown tag under DEFAULT_SAFE_SCHEMA — the behaviour of the real library's two schemas.
 */
function fakeJsYaml3() {
  const DEFAULT_SAFE_SCHEMA = { name: "default_safe" };
  const DEFAULT_FULL_SCHEMA = { name: "default_full" };
  const calls: unknown[] = [];
  const load = (text: string, options: { schema?: unknown } = {}) => {
    calls.push(options);
    const schema = options.schema ?? DEFAULT_FULL_SCHEMA;
    return JSON.parse(text, (_key, value: unknown) => {
      if (typeof value !== "string" || !value.startsWith("!!js/function ")) return value;
      if (schema !== DEFAULT_FULL_SCHEMA) throw new Error("unknown tag !<tag:yaml.org,2002:js/function>");
      return new Function(value.slice("!!js/function ".length));
    });
  };
  return { module: { load, DEFAULT_SAFE_SCHEMA, DEFAULT_FULL_SCHEMA }, calls };
}

const g = globalThis as { pwned?: boolean };
afterEach(() => {
  delete g.pwned;
});

describe("unsafeDeserializationRecipe", () => {
  it("loads js-yaml with the safe schema (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: CONFIG_CJS, path: "config.js", ruleId: "js/unsafe-deserialization", needle: "yaml.load(text)" }));
    expect(after).toBe(CONFIG_CJS.replace("yaml.load(text)", "yaml.load(text, { schema: yaml.DEFAULT_SAFE_SCHEMA })"));
  });

  it("reads plain configuration as before, and a !!js/function payload no longer runs", () => {
    const after = fixedText(runRecipe(recipe, { source: CONFIG_CJS, path: "config.js", ruleId: "js/unsafe-deserialization", needle: "text", occurrence: 2 }));
    const before = fakeJsYaml3();
    const fixed = fakeJsYaml3();
    const beforeApp = loadCommonJs(CONFIG_CJS, { "js-yaml": before.module });
    const fixedApp = loadCommonJs(after, { "js-yaml": fixed.module });
    expect(fixedApp.readConfig(`{"name":"shop"}`)).toBe(beforeApp.readConfig(`{"name":"shop"}`));
    const attack = `{"name":{"toString":"!!js/function globalThis.pwned = true; return 'x';"}}`;
    beforeApp.readConfig(attack);
    expect(g.pwned).toBe(true);
    delete g.pwned;
    expect(() => fixedApp.readConfig(attack)).toThrow(/unknown tag/);
    expect(g.pwned).toBeUndefined();
    expect(fixed.calls).toContainEqual({ schema: fixed.module.DEFAULT_SAFE_SCHEMA });
  });

  it("replaces an explicit full schema, keeping other options (TypeScript, ESM)", () => {
    const after = fixedText(runRecipe(recipe, { source: IMPORT_TS, path: "src/manifest.ts", ruleId: "js/unsafe-deserialization", needle: "YAML.load(" }));
    expect(after).toBe(IMPORT_TS.replace("schema: YAML.DEFAULT_FULL_SCHEMA", "schema: YAML.DEFAULT_SAFE_SCHEMA"));
  });

  describe("declines", () => {
    it("node-serialize, which has no safe mode", () => {
      const source = `const serialize = require("node-serialize");\nconst session = serialize.unserialize(Buffer.from(req.cookies.s, "base64").toString());\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/unsafe-deserialization", needle: "serialize.unserialize" }))).toMatch(/node-serialize runs functions/);
    });
    it("load imported by name, which would need another import", () => {
      const source = `import { load } from "js-yaml";\nexport const doc = (t) => load(t);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.mjs", ruleId: "js/unsafe-deserialization", needle: "load(t)" }))).toMatch(/imported by name/);
    });
    it("a custom schema", () => {
      const source = `const yaml = require("js-yaml");\nconst doc = yaml.load(t, { schema: MY_SCHEMA });\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/unsafe-deserialization", needle: "yaml.load" }))).toMatch(/custom/);
    });
  });
});
