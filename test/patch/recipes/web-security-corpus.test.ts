import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CodeAlert, Recipe } from "../../../src/domain/code-fix.js";
import { ALL_RECIPES } from "../../../src/patch/recipes/all-recipes.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";

const CORPUS = new URL("../../bench/code-corpus/", import.meta.url).pathname;
/** Every recipe but the injection families, whose corpus injection-corpus.test.ts runs with its own harnesses. */
const INJECTION_FAMILIES = new Set(["prototype-pollution", "command-injection", "sql-injection", "path-traversal"]);
const RECIPES: readonly Recipe[] = ALL_RECIPES.filter((recipe) => !INJECTION_FAMILIES.has(recipe.family));

interface SampleAlert extends Pick<CodeAlert, "ruleId" | "path" | "startLine" | "endLine" | "message"> {
  startColumn?: number;
  endColumn?: number;
  expect: "fixed" | "declined";
}

type Check = (modulePath: string) => Promise<{ normal: boolean; attackBlocked: boolean }>;

const samplesOf = (family: string): string[] =>
  existsSync(join(CORPUS, family))
    ? readdirSync(join(CORPUS, family), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];

describe.each(RECIPES.map((r) => r.family))("code corpus: %s", (family) => {
  const samples = samplesOf(family);

  it("has 3 to 6 samples, at least one fixed and one declined", () => {
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(6);
    const expectations = samples.map((s) => (JSON.parse(readFileSync(join(CORPUS, family, s, "alert.json"), "utf8")) as SampleAlert).expect);
    expect(expectations).toContain("fixed");
    expect(expectations).toContain("declined");
  });

  it.each(samples)("%s: the outcome matches the sample; a fix keeps normal behaviour and blocks the attack", async (sample) => {
    const dir = join(CORPUS, family, sample);
    const alert = JSON.parse(readFileSync(join(dir, "alert.json"), "utf8")) as SampleAlert;
    const source = readFileSync(join(dir, alert.path), "utf8");
    const recipe = recipeForRule(RECIPES, alert.ruleId);
    expect(recipe?.family).toBe(family);
    const outcome = recipe!.fix({ source, alert: { tool: null, ruleHelp: null, severity: "error", cwes: [], startColumn: null, endColumn: null, ...alert } });
    expect(outcome.status, outcome.status === "declined" ? outcome.reason : "fixed").toBe(alert.expect);
    if (outcome.status !== "fixed") {
      expect(existsSync(join(dir, "check.mjs"))).toBe(false);
      return;
    }
    const { check } = (await import(pathToFileURL(join(dir, "check.mjs")).href)) as { check: Check };
    // The check must tell the two apart: the original works but falls to the attack.
    expect(await check(join(dir, alert.path))).toEqual({ normal: true, attackBlocked: false });
    const patchedDir = mkdtempSync(join(tmpdir(), `secfix-${family}-`));
    writeFileSync(join(patchedDir, alert.path), outcome.after);
    expect(await check(join(patchedDir, alert.path))).toEqual({ normal: true, attackBlocked: true });
  });
});
