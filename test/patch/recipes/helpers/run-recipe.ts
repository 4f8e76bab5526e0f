import type { Recipe, RecipeOutcome } from "../../../../src/domain/code-fix.js";
import { alertAt } from "./alert-at.js";

/** Runs a recipe on `source` with an alert covering `needle` (its `occurrence`-th appearance). */
export function runRecipe(recipe: Recipe, options: { source: string; path: string; ruleId: string; needle: string; occurrence?: number; message?: string }): RecipeOutcome {
  const alert = { ...alertAt(options.source, options.path, options.ruleId, options.needle, options.occurrence), message: options.message ?? "alert" };
  return recipe.fix({ alert, source: options.source });
}

/** The fixed text, or a failure that shows why the recipe declined. */
export function fixedText(outcome: RecipeOutcome): string {
  if (outcome.status !== "fixed") throw new Error(`expected a fix, recipe declined: ${outcome.reason}`);
  return outcome.after;
}

/** The decline reason, or a failure that shows the unexpected fix. */
export function declineReason(outcome: RecipeOutcome): string {
  if (outcome.status !== "declined") throw new Error(`expected a decline, recipe fixed it:\n${outcome.after}`);
  return outcome.reason;
}
