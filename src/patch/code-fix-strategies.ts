import type { CodeAlert, Recipe } from "../domain/code-fix.js";
import type { RepoFiles } from "../domain/dependency-fix.js";
import type { CodeFixStrategy, StrategyAnswer } from "./choose-code-fix.js";
import type { LlmFixer } from "./llm/create-llm-fixer.js";
import { ALL_RECIPES } from "./recipes/all-recipes.js";
import { recipeForRule } from "./recipes/recipe-for-rule.js";

/** The recipe for the alert's rule, if secfix has one; it declines what it cannot fix correctly. */
export function recipeStrategy(alert: CodeAlert, source: string, recipes: readonly Recipe[] = ALL_RECIPES): CodeFixStrategy {
  return {
    name: "recipe",
    async propose(): Promise<StrategyAnswer> {
      const recipe = recipeForRule(recipes, alert.ruleId);
      if (!recipe) return { declined: `no recipe for ${alert.ruleId}` };
      let outcome;
      try {
        outcome = recipe.fix({ alert, source });
      } catch (error) {
        // A recipe bug must cost this strategy, not the whole fix pass.
        return { declined: `recipe ${recipe.family} failed: ${(error as Error).message}` };
      }
      if (outcome.status === "declined") return { declined: `recipe ${recipe.family} declined: ${outcome.reason}` };
      return { strategy: "recipe", source: recipe.family, changes: [{ path: alert.path, before: source, after: outcome.after }], explanation: outcome.explanation };
    },
  };
}

/** The model, given a fixer (AI on, an endpoint configured). */
export function llmStrategy(fixer: LlmFixer, model: string, alert: CodeAlert, files: RepoFiles): CodeFixStrategy {
  return {
    name: "llm",
    async propose(): Promise<StrategyAnswer> {
      const outcome = await fixer.fix({ alert, files });
      if (outcome.status === "patched") {
        return { strategy: "llm", source: model, changes: outcome.files, explanation: outcome.explanation, tokens: outcome.tokens };
      }
      if (outcome.status === "unavailable") return { declined: `AI is unavailable (${outcome.code}): ${outcome.reason}` };
      if (outcome.code === "rate_limited") {
        return { declined: `the model is rate limited: ${outcome.reason}`, retryAfterMs: outcome.retryAfterMs ?? 60_000 };
      }
      return { declined: `the model's patch was not usable (${outcome.code}): ${outcome.reason}` };
    },
  };
}
