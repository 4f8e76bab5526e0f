/**
 * secfix's recipes on a corpus of vulnerable samples: per family, how many it fixed, declined,
 * and got wrong. A fix is wrong when the sample's own check says the attack still works on the
 * patched code, or normal input no longer behaves. Each check is first run on the unpatched
 * sample, which must be attackable; a sample that is not is reported as invalid, not counted.
 *
 *   npm run bench:code
 *
 * Corpus: test/bench/code-corpus/<family>/<sample>/{vulnerable.js|.ts, alert.json, check.mjs}.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CodeAlert } from "../../src/domain/code-fix.js";
import { runLocalChecks } from "../../src/gates/run-local-checks.js";
import { ALL_RECIPES } from "../../src/patch/recipes/all-recipes.js";
import { recipeForRule } from "../../src/patch/recipes/recipe-for-rule.js";

interface SampleAlert {
  ruleId: string;
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
  message: string;
  expect: "fixed" | "declined";
}

type Check = (modulePath: string) => Promise<{ normal: boolean; attackBlocked: boolean }>;

const corpus = path.join(path.dirname(new URL(import.meta.url).pathname), "code-corpus");
const rows: string[] = [];
const notes: string[] = [];
let totalWrong = 0;

/** Runs a sample's check on a copy of the code, in a fresh folder so module caches never mix. */
async function runCheck(checkFile: string, fileName: string, code: string): Promise<{ normal: boolean; attackBlocked: boolean } | Error> {
  const folder = mkdtempSync(path.join(tmpdir(), "secfix-bench-code-"));
  try {
    const file = path.join(folder, fileName);
    writeFileSync(file, code);
    const { check } = (await import(`${pathToFileURL(checkFile).href}?run=${Math.random()}`)) as { check: Check };
    return await check(file);
  } catch (error) {
    return error as Error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

for (const family of readdirSync(corpus).sort()) {
  let fixed = 0;
  let declined = 0;
  let wrong = 0;
  let invalid = 0;
  let unexpected = 0;
  // A family folder may hold shared files (a harness) next to its sample folders.
  const samples = readdirSync(path.join(corpus, family), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const sample of samples) {
    const dir = path.join(corpus, family, sample);
    const meta = JSON.parse(readFileSync(path.join(dir, "alert.json"), "utf8")) as SampleAlert;
    const source = readFileSync(path.join(dir, meta.path), "utf8");
    const alert: CodeAlert = {
      ruleId: meta.ruleId,
      tool: "CodeQL",
      path: meta.path,
      startLine: meta.startLine,
      endLine: meta.endLine,
      startColumn: meta.startColumn ?? null,
      endColumn: meta.endColumn ?? null,
      message: meta.message,
      ruleHelp: null,
      severity: "high",
      cwes: [],
    };
    const recipe = recipeForRule(ALL_RECIPES, meta.ruleId);
    const outcome = recipe ? recipe.fix({ alert, source }) : { status: "declined" as const, reason: "no recipe" };
    if (outcome.status === "declined") {
      declined += 1;
      if (meta.expect === "fixed") {
        unexpected += 1;
        notes.push(`${family}/${sample}: declined (${outcome.reason}) but the sample expects a fix`);
      }
      continue;
    }
    const checks = runLocalChecks([{ path: meta.path, before: source, after: outcome.after }], { allowed: [meta.path], protectedPaths: [], maxFiles: 1, maxChangedLines: 400 });
    const failedChecks = checks.filter((verdict) => !verdict.passed);
    const checkFile = path.join(dir, "check.mjs");
    if (failedChecks.length > 0) {
      wrong += 1;
      notes.push(`${family}/${sample}: WRONG, the patch fails local checks: ${failedChecks.map((f) => f.evidence.join("; ")).join("; ")}`);
      continue;
    }
    if (!existsSync(checkFile)) {
      fixed += 1;
      notes.push(`${family}/${sample}: fixed, no behaviour check in the corpus`);
      continue;
    }
    const before = await runCheck(checkFile, meta.path, source);
    if (before instanceof Error || before.attackBlocked || !before.normal) {
      invalid += 1;
      notes.push(`${family}/${sample}: invalid sample, its check does not show the original as attackable and working (${before instanceof Error ? before.message : JSON.stringify(before)})`);
      continue;
    }
    const after = await runCheck(checkFile, meta.path, outcome.after);
    if (after instanceof Error || !after.normal || !after.attackBlocked) {
      wrong += 1;
      notes.push(`${family}/${sample}: WRONG, ${after instanceof Error ? `the patched code failed: ${after.message}` : JSON.stringify(after)}`);
    } else {
      fixed += 1;
    }
    if (meta.expect === "declined") {
      unexpected += 1;
      notes.push(`${family}/${sample}: fixed although the sample expects a decline`);
    }
  }
  totalWrong += wrong;
  rows.push(`| ${family} | ${samples.length} | ${fixed} | ${declined} | ${wrong} | ${invalid} | ${unexpected} |`);
}

console.log("| family | samples | fixed | declined | wrong | invalid samples | not as expected |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
if (notes.length > 0) console.log(`\n${notes.join("\n")}`);
console.log(`\nwrong fixes: ${totalWrong}`);
if (totalWrong > 0) process.exitCode = 1;
