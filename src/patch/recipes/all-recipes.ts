import type { Recipe } from "../../domain/code-fix.js";

/** Every recipe secfix has, in the order they are tried (a rule id belongs to one recipe). */
export const ALL_RECIPES: readonly Recipe[] = [];
