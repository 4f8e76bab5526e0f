import { describe, expect, it } from "vitest";
import { mergeConfigChain } from "../../src/config/merge-config-chain.js";

describe("mergeConfigChain", () => {
  it("merges mappings key by key with the more specific file winning", () => {
    const merged = mergeConfigChain([
      { sla: { critical: "12h", high: "3d" }, severity_threshold: "medium" },
      { sla: { critical: "6h" } },
    ]);
    expect(merged).toEqual({ sla: { critical: "6h", high: "3d" }, severity_threshold: "medium" });
  });

  it("replaces inherited lists instead of concatenating them", () => {
    const merged = mergeConfigChain([
      { customer_facing_paths: ["src/api/**", "src/web/**"] },
      { customer_facing_paths: ["app/routes/**"] },
    ]);
    expect(merged).toEqual({ customer_facing_paths: ["app/routes/**"] });
  });

  it("lets an empty list clear an inherited one", () => {
    expect(mergeConfigChain([{ protected_paths: ["infra/**"] }, { protected_paths: [] }])).toEqual({ protected_paths: [] });
  });

  it("replaces a mapping by a scalar and a scalar by a mapping", () => {
    expect(mergeConfigChain([{ sla: { high: "3d" } }, { sla: "fast" }])).toEqual({ sla: "fast" });
    expect(mergeConfigChain([{ sla: "fast" }, { sla: { high: "3d" } }])).toEqual({ sla: { high: "3d" } });
  });

  it("drops the loader's _extends key", () => {
    expect(mergeConfigChain([{ _extends: "other", ai: { enabled: true } }])).toEqual({ ai: { enabled: true } });
  });

  it("keeps a __proto__ key as data instead of changing the prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = mergeConfigChain([{ sla: {} }, hostile]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(["sla", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not modify its inputs", () => {
    const base = { sla: { high: "3d" } };
    mergeConfigChain([base, { sla: { low: "9d" } }]);
    expect(base).toEqual({ sla: { high: "3d" } });
  });
});
