import { afterEach, describe, expect, it } from "vitest";
import type { RecipeOutcome } from "../../../src/domain/code-fix.js";
import { prototypePollutionRecipe } from "../../../src/patch/recipes/prototype-pollution.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { alertAt } from "./helpers/alert-at.js";
import { loadWithFakes } from "./helpers/load-with-fakes.js";

const fix = (path: string, source: string, needle: string, ruleId = "js/prototype-pollution-utility"): RecipeOutcome =>
  prototypePollutionRecipe.fix({ source, alert: alertAt(source, path, ruleId, needle) });

const fixed = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "fixed") throw new Error(`expected a fix, got: ${outcome.reason}`);
  return outcome.after;
};

const polluted = (): unknown => ({}) as Record<string, unknown>;

afterEach(() => {
  // A test that shows the vulnerable code really pollutes must not leak that into the next one.
  delete (Object.prototype as Record<string, unknown>)["polluted"];
});

const MERGE_JS = `function isObject(value) {
  return value !== null && typeof value === "object";
}

function merge(target, source) {
  for (const key in source) {
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

module.exports = { merge };
`;

const SET_PATH_TS = `export function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!node[parts[i]]) node[parts[i]] = {};
    node = node[parts[i]];
  }
  node[parts[parts.length - 1]] = value;
}
`;

const STORE_TS = `const store: Record<string, Record<string, string>> = {};

export function handle(body: { ns: string; key: string; value: string }): Record<string, string> {
  const { ns, key, value } = body;
  if (!store[ns]) store[ns] = {};
  store[ns][key] = value;
  return store[ns];
}
`;

describe("prototypePollutionRecipe", () => {
  it("is found by its CodeQL ids and the Semgrep aliases", () => {
    for (const id of [
      "js/prototype-pollution-utility",
      "js/prototype-polluting-assignment",
      "javascript.lang.security.audit.prototype-pollution.prototype-pollution-loop.prototype-pollution-loop",
    ]) {
      expect(recipeForRule([prototypePollutionRecipe], id)).toBe(prototypePollutionRecipe);
    }
  });

  it("skips unsafe keys at the top of a recursive for-in merge (CommonJS)", () => {
    expect(fixed(fix("lib/merge.js", MERGE_JS, "target[key] = source[key]"))).toBe(`function isObject(value) {
  return value !== null && typeof value === "object";
}

function merge(target, source) {
  for (const key in source) {
    // Skip keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(key))) continue;
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

module.exports = { merge };
`);
  });

  it("leaves the merge working and stops __proto__ and constructor.prototype payloads", () => {
    const before = loadWithFakes(MERGE_JS);
    before.merge({}, JSON.parse('{"__proto__": {"polluted": "yes"}}'));
    expect((polluted() as Record<string, unknown>)["polluted"]).toBe("yes"); // the attack is real
    delete (Object.prototype as Record<string, unknown>)["polluted"];

    const after = loadWithFakes(fixed(fix("lib/merge.js", MERGE_JS, "target[key] = source[key]")));
    expect(after.merge({ a: { b: 1 } }, JSON.parse('{"a": {"c": 2}, "d": 3}'))).toEqual({ a: { b: 1, c: 2 }, d: 3 });
    after.merge({}, JSON.parse('{"__proto__": {"polluted": "yes"}}'));
    after.merge({}, JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'));
    expect((polluted() as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses unsafe keys on every step of a set-by-path loop and on the final write (TypeScript, ESM)", () => {
    expect(fixed(fix("src/set-path.ts", SET_PATH_TS, "node[parts[parts.length - 1]] = value"))).toBe(`export function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    // Refuse keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(parts[i]))) throw new Error("Refusing to set a prototype property");
    if (!node[parts[i]]) node[parts[i]] = {};
    node = node[parts[i]];
  }
  // Refuse keys that would write to Object.prototype (prototype pollution).
  if (["__proto__", "constructor", "prototype"].includes(String(parts[parts.length - 1]))) throw new Error("Refusing to set a prototype property");
  node[parts[parts.length - 1]] = value;
}
`);
  });

  it("keeps set-by-path working and makes path payloads throw without polluting", () => {
    const before = loadWithFakes(SET_PATH_TS, { fileName: "set-path.ts" });
    before.setPath({}, "__proto__.polluted", "yes");
    expect((polluted() as Record<string, unknown>)["polluted"]).toBe("yes");
    delete (Object.prototype as Record<string, unknown>)["polluted"];

    const after = loadWithFakes(fixed(fix("src/set-path.ts", SET_PATH_TS, "node[parts[parts.length - 1]] = value")), { fileName: "set-path.ts" });
    const target: Record<string, any> = { a: { x: 0 } };
    after.setPath(target, "a.b.c", 1);
    expect(target).toEqual({ a: { x: 0, b: { c: 1 } } });
    expect(() => after.setPath({}, "__proto__.polluted", "yes")).toThrow("Refusing to set a prototype property");
    expect(() => after.setPath({}, "constructor.prototype.polluted", "yes")).toThrow("Refusing to set a prototype property");
    expect((polluted() as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("checks both user keys of a nested write once, before the first statement that uses them", () => {
    expect(fixed(fix("src/store.ts", STORE_TS, "store[ns][key] = value", "js/prototype-polluting-assignment"))).toBe(`const store: Record<string, Record<string, string>> = {};

export function handle(body: { ns: string; key: string; value: string }): Record<string, string> {
  const { ns, key, value } = body;
  // Refuse keys that would write to Object.prototype (prototype pollution).
  if ([ns, key].some((name) => ["__proto__", "constructor", "prototype"].includes(String(name)))) throw new Error("Refusing to set a prototype property");
  if (!store[ns]) store[ns] = {};
  store[ns][key] = value;
  return store[ns];
}
`);
  });

  it("keeps the handler storing values and refuses a request body naming __proto__, even as an array", () => {
    const after = loadWithFakes(fixed(fix("src/store.ts", STORE_TS, "store[ns][key] = value", "js/prototype-polluting-assignment")), { fileName: "store.ts" });
    expect(after.handle({ ns: "ui", key: "theme", value: "dark" })).toEqual({ theme: "dark" });
    expect(() => after.handle({ ns: "__proto__", key: "polluted", value: "yes" })).toThrow();
    // A query-string parser can turn `ns[]=__proto__` into an array; it still names __proto__ as a key.
    expect(() => after.handle({ ns: ["__proto__"], key: "polluted", value: "yes" })).toThrow();
    expect((polluted() as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("wraps a loop body that is a single statement to add the skip", () => {
    const source = `"use strict";
function configure(overrides) {
  const settings = {};
  for (const name of Object.keys(overrides)) settings[name] = overrides[name];
  return settings;
}
module.exports = { configure };
`;
    expect(fixed(fix("lib/config.js", source, "settings[name] = overrides[name]"))).toBe(`"use strict";
function configure(overrides) {
  const settings = {};
  for (const name of Object.keys(overrides)) {
    // Skip keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(name))) continue;
    settings[name] = overrides[name];
  }
  return settings;
}
module.exports = { configure };
`);
  });

  it("returns early from a forEach callback over Object.keys and skips in a for-of over Object.entries", () => {
    const source = `export function extend(dst, src) {
  Object.keys(src).forEach((k) => dst[k] = src[k]);
  for (const [k, v] of Object.entries(src)) dst[k] = v;
  return dst;
}
`;
    const outcome = prototypePollutionRecipe.fix({
      source,
      alert: { ...alertAt(source, "extend.mjs", "js/prototype-pollution-utility", "dst[k] = src[k]"), endLine: 3, endColumn: null },
    });
    const after = fixed(outcome);
    expect(after).toBe(`export function extend(dst, src) {
  Object.keys(src).forEach((k) => {
    // Skip keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(k))) return;
    return dst[k] = src[k];
  });
  for (const [k, v] of Object.entries(src)) {
    // Skip keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(k))) continue;
    dst[k] = v;
  }
  return dst;
}
`);
    const loaded = loadWithFakes(after, { fileName: "extend.mjs" });
    expect(loaded.extend({}, { a: 1 })).toEqual({ a: 1 });
    const result = loaded.extend({}, JSON.parse('{"__proto__": {"polluted": "yes"}, "b": 2}'));
    expect(result).toEqual({ b: 2 });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it("guards the key of a path step that the Semgrep loop rule points at, and the write after the loop", () => {
    const source = `export function deepSet(target: any, dotted: string, value: unknown) {
  const keys = dotted.split(".");
  let node = target;
  while (keys.length > 1) {
    const k = keys.shift()!;
    node = node[k] = node[k] ?? {};
  }
  node[keys[0]] = value;
}
`;
    const ruleId = "javascript.lang.security.audit.prototype-pollution.prototype-pollution-loop.prototype-pollution-loop";
    expect(fixed(fix("src/deep.ts", source, "node = node[k] = node[k] ?? {}", ruleId))).toBe(`export function deepSet(target: any, dotted: string, value: unknown) {
  const keys = dotted.split(".");
  let node = target;
  while (keys.length > 1) {
    const k = keys.shift()!;
    // Refuse keys that would write to Object.prototype (prototype pollution).
    if (["__proto__", "constructor", "prototype"].includes(String(k))) throw new Error("Refusing to set a prototype property");
    node = node[k] = node[k] ?? {};
  }
  // Refuse keys that would write to Object.prototype (prototype pollution).
  if (["__proto__", "constructor", "prototype"].includes(String(keys[0]))) throw new Error("Refusing to set a prototype property");
  node[keys[0]] = value;
}
`);
  });

  it("puts the guard on its own line when the loop body shares a line with other code", () => {
    const source = `class Bag { constructor(src) { this.data = {}; for (const k in src) { this.data[k] = src[k]; } } }\n`;
    expect(fixed(fix("bag.js", source, "this.data[k] = src[k]"))).toBe(`class Bag { constructor(src) { this.data = {}; for (const k in src) {
  // Skip keys that would write to Object.prototype (prototype pollution).
  if (["__proto__", "constructor", "prototype"].includes(String(k))) continue;
  this.data[k] = src[k]; } } }
`);
  });

  it.each([
    ["a key computed with a side effect", "function f(o, p, v) { o[p.shift()] = v; }\n", "o[p.shift()] = v", /side effects/],
    ["a write to __proto__ by name", 'function f(o, v) { o["__proto__"] = v; }\n', 'o["__proto__"] = v', /by name/],
    ["an object reassigned in another function", "let cache = {};\nfunction reset() { cache = load(); }\nfunction put(k, v) { cache[k] = v; }\n", "cache[k] = v", /another function/],
    ["a global object it cannot see", "function put(k, v) { settings[k] = v; }\n", "settings[k] = v", /not declared/],
    ["code without a computed write", "function get(o, k) { return o.get(k); }\n", "o.get(k)", /no property write/],
    ["a walk down an object that is only read", 'function get(o, path) {\n  let node = o;\n  for (const k of path.split(".")) node = node[k];\n  return node;\n}\n', "node = node[k]", /only read from/],
    ["a write keyed by a constant symbol", 'const K = Symbol("k");\nfunction mark(o) { o[K] = true; }\n', "o[K] = true", /no computed key/],
  ])("declines %s", (_name, source, needle, reason) => {
    const outcome = fix("lib/util.js", source, needle);
    expect(outcome.status).toBe("declined");
    expect(outcome.status === "declined" && outcome.reason).toMatch(reason);
  });

  it("declines files that are not JavaScript or do not parse", () => {
    expect(fix("lib/util.py", "obj[key] = value\n", "obj[key] = value").status).toBe("declined");
    const broken = fix("lib/util.js", "function f(o, k, v) { o[k] = v;\n", "o[k] = v");
    expect(broken.status === "declined" && broken.reason).toMatch(/does not parse/);
  });
});
