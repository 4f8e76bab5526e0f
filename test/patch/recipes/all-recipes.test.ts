import { describe, expect, it } from "vitest";
import { ALL_RECIPES } from "../../../src/patch/recipes/all-recipes.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";

describe("ALL_RECIPES", () => {
  it("gives every rule id to exactly one recipe", () => {
    const owners = new Map<string, string[]>();
    for (const recipe of ALL_RECIPES) for (const id of recipe.ruleIds) owners.set(id.toLowerCase(), [...(owners.get(id.toLowerCase()) ?? []), recipe.family]);
    expect([...owners].filter(([, families]) => families.length > 1)).toEqual([]);
  });

  it("covers every CodeQL rule family the issue names", () => {
    const required = [
      "js/prototype-pollution-utility", "js/prototype-polluting-assignment", "js/command-line-injection",
      "js/shell-command-injection-from-environment", "js/unsafe-shell-command-construction", "js/sql-injection",
      "js/path-injection", "js/zipslip", "js/reflected-xss", "js/stored-xss", "js/xss-through-dom",
      "js/incomplete-sanitization", "js/incomplete-multi-character-sanitization", "js/bad-tag-filter",
      "js/insecure-randomness", "js/weak-cryptographic-algorithm", "js/insufficient-password-hash",
      "js/hardcoded-credentials", "js/disabling-certificate-validation", "js/clear-text-cookie", "js/regex-injection",
      "js/server-side-unvalidated-url-redirection", "js/code-injection", "js/unsafe-deserialization",
      "js/polynomial-redos", "js/redos",
    ];
    expect(required.filter((id) => recipeForRule(ALL_RECIPES, id) === null)).toEqual([]);
  });
});
