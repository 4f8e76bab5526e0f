import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { CodeAlert } from "../../../src/domain/code-fix.js";
import { commandInjectionRecipe } from "../../../src/patch/recipes/command-injection.js";
import { pathTraversalRecipe } from "../../../src/patch/recipes/path-traversal.js";
import { prototypePollutionRecipe } from "../../../src/patch/recipes/prototype-pollution.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { sqlInjectionRecipe } from "../../../src/patch/recipes/sql-injection.js";

const CORPUS = new URL("../../bench/code-corpus/", import.meta.url).pathname;
const FAMILIES = ["prototype-pollution", "command-injection", "sql-injection", "path-traversal"] as const;
const RECIPES = [prototypePollutionRecipe, commandInjectionRecipe, sqlInjectionRecipe, pathTraversalRecipe];

interface SampleAlert extends Pick<CodeAlert, "ruleId" | "path" | "startLine" | "endLine" | "message"> {
  startColumn?: number;
  endColumn?: number;
  expect: "fixed" | "declined";
}

type Check = (modulePath: string) => Promise<{ normal: boolean; attackBlocked: boolean }>;

/**
 * Type errors in `text` compiled as if it were `path`, with the project's compiler options and
 * packages (the file is served from memory; nothing is written next to the sample).
 */
function typeErrors(path: string, text: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === path ? ts.createSourceFile(name, text, language) : read(name, language, ...rest));
  const program = ts.createProgram({ rootNames: [path], options, host });
  const file = program.getSourceFile(path)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const samplesOf = (family: string): string[] =>
  readdirSync(join(CORPUS, family), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe.each(FAMILIES)("code corpus: %s", (family) => {
  const samples = samplesOf(family);

  it("has a harness and checks that plain Node parses (the benchmark imports them without vitest's transform)", () => {
    const files = [join(CORPUS, family, "harness.mjs"), ...samples.map((s) => join(CORPUS, family, s, "check.mjs")).filter((f) => existsSync(f))];
    for (const file of files) expect(() => execFileSync(process.execPath, ["--check", file], { stdio: "pipe" })).not.toThrow();
  });

  it("has between 4 and 8 samples, fixable and declined ones", () => {
    expect(samples.length).toBeGreaterThanOrEqual(4);
    expect(samples.length).toBeLessThanOrEqual(8);
    const expectations = samples.map((s) => (JSON.parse(readFileSync(join(CORPUS, family, s, "alert.json"), "utf8")) as SampleAlert).expect);
    expect(expectations).toContain("fixed");
    expect(expectations).toContain("declined");
  });

  it.each(samples)("%s: the recipe's outcome matches the sample, and the fix keeps behaviour while blocking the attack", async (sample) => {
    const dir = join(CORPUS, family, sample);
    const alert = JSON.parse(readFileSync(join(dir, "alert.json"), "utf8")) as SampleAlert;
    const source = readFileSync(join(dir, alert.path), "utf8");
    const recipe = recipeForRule(RECIPES, alert.ruleId);
    expect(recipe?.family).toBe(family);
    const outcome = recipe!.fix({
      source,
      alert: { tool: null, ruleHelp: null, severity: "error", cwes: [], startColumn: null, endColumn: null, ...alert },
    });
    expect(outcome.status, outcome.status === "declined" ? outcome.reason : "fixed").toBe(alert.expect);
    if (outcome.status !== "fixed") {
      expect(existsSync(join(dir, "check.mjs"))).toBe(false);
      return;
    }

    if (alert.path.endsWith(".ts")) {
      // The fix must still type-check where the original did.
      expect(typeErrors(join(dir, alert.path), source)).toEqual([]);
      expect(typeErrors(join(dir, alert.path), outcome.after)).toEqual([]);
    }

    const { check } = (await import(pathToFileURL(join(dir, "check.mjs")).href)) as { check: Check };
    // The check must tell the two apart: the original works but falls to the attack.
    expect(await check(join(dir, alert.path))).toEqual({ normal: true, attackBlocked: false });
    const patchedDir = mkdtempSync(join(tmpdir(), `secfix-${family}-`));
    writeFileSync(join(patchedDir, alert.path), outcome.after);
    expect(await check(join(patchedDir, alert.path))).toEqual({ normal: true, attackBlocked: true });
  });
});
