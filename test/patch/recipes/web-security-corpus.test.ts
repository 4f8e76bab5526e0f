import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CodeAlert, Recipe } from "../../../src/domain/code-fix.js";
import { certificateValidationRecipe } from "../../../src/patch/recipes/certificate-validation.js";
import { codeInjectionRecipe } from "../../../src/patch/recipes/code-injection.js";
import { hardcodedCredentialsRecipe } from "../../../src/patch/recipes/hardcoded-credentials.js";
import { incompleteSanitizationRecipe } from "../../../src/patch/recipes/incomplete-sanitization.js";
import { insecureCookieRecipe } from "../../../src/patch/recipes/insecure-cookie.js";
import { insecureRandomnessRecipe } from "../../../src/patch/recipes/insecure-randomness.js";
import { openRedirectRecipe } from "../../../src/patch/recipes/open-redirect.js";
import { passwordHashRecipe } from "../../../src/patch/recipes/password-hash.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { redosRecipe } from "../../../src/patch/recipes/redos.js";
import { regexInjectionRecipe } from "../../../src/patch/recipes/regex-injection.js";
import { unsafeDeserializationRecipe } from "../../../src/patch/recipes/unsafe-deserialization.js";
import { weakCryptoRecipe } from "../../../src/patch/recipes/weak-crypto.js";
import { xssRecipe } from "../../../src/patch/recipes/xss.js";

const CORPUS = new URL("../../bench/code-corpus/", import.meta.url).pathname;
const RECIPES: readonly Recipe[] = [
  xssRecipe,
  incompleteSanitizationRecipe,
  insecureRandomnessRecipe,
  weakCryptoRecipe,
  passwordHashRecipe,
  hardcodedCredentialsRecipe,
  certificateValidationRecipe,
  insecureCookieRecipe,
  regexInjectionRecipe,
  openRedirectRecipe,
  codeInjectionRecipe,
  unsafeDeserializationRecipe,
  redosRecipe,
];

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
