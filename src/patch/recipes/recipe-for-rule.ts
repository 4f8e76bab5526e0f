import type { Recipe } from "../../domain/code-fix.js";

/** The recipe that claims a rule id, if any: CodeQL ids and their Semgrep / ESLint aliases alike. */
export function recipeForRule(recipes: readonly Recipe[], ruleId: string): Recipe | null {
  const normalised = ruleId.trim().toLowerCase();
  return recipes.find((recipe) => recipe.ruleIds.some((id) => id.toLowerCase() === normalised)) ?? null;
}
