import semver from "semver";
import { parseDependencySpec } from "./dependency-spec.js";

/**
 * The root package.json `overrides` as npm reads them (arborist's OverrideSet): a rule is keyed
 * `name` or `name@range`, its value a spec or an object whose "." is the spec and whose other keys
 * are rules that apply only below a package that matched.
 */
export class OverrideSet {
  readonly children = new Map<string, OverrideSet>();
  readonly name: string | null;
  readonly keySpec: string;
  readonly value: string | null;

  constructor(
    overrides: unknown,
    readonly key: string | null = null,
    readonly parent: OverrideSet | null = null,
  ) {
    const table: Record<string, unknown> =
      typeof overrides === "string" ? { ".": overrides } : typeof overrides === "object" && overrides ? { ...(overrides as object) } : {};
    if (table["."] === "") table["."] = "*";
    if (key !== null) {
      const at = key.indexOf("@", 1);
      this.name = at < 0 ? key : key.slice(0, at);
      this.keySpec = at < 0 ? "*" : key.slice(at + 1) || "*";
      this.value = typeof table["."] === "string" ? table["."] : this.keySpec;
    } else {
      this.name = null;
      this.keySpec = "*";
      this.value = null;
    }
    for (const [childKey, childValue] of Object.entries(table)) {
      if (childKey === ".") continue;
      this.children.set(childKey, new OverrideSet(childValue, childKey, this));
    }
  }

  /** The rules visible here: own children first, then each ancestor's, then the ancestors themselves. */
  private ruleset(): OverrideSet[] {
    const seen = new Map<string, OverrideSet>();
    for (let set: OverrideSet | null = this; set; set = set.parent) {
      for (const kid of set.children.values()) if (!seen.has(kid.key!)) seen.set(kid.key!, kid);
      if (set.key !== null && !seen.has(set.key)) seen.set(set.key, set);
    }
    return [...seen.values()];
  }

  /** The set an edge `name: spec` leaving a node governed by this set falls under. */
  ruleFor(name: string, spec: string): OverrideSet {
    for (const rule of this.ruleset()) {
      if (rule.name !== name) continue;
      if (rule.keySpec === "*") return rule;
      const parsed = parseDependencySpec(spec);
      const range = parsed.kind === "range" || parsed.kind === "alias" ? parsed.range : null;
      if (range === null) return rule;
      try {
        if (semver.intersects(range === "" ? "*" : range, rule.keySpec, { loose: true })) return rule;
      } catch {
        return rule;
      }
    }
    return this;
  }
}
