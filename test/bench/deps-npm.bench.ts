/**
 * secfix's npm patcher against the npm CLI on real projects (network: the live registry).
 *
 *   npm run bench:deps [-- <runs per measurement, default 3>]
 *
 * For each project (locked by the real npm) and each vulnerable direct dependency it fixes a copy
 * with secfix and another copy with `npm install <pkg>@<target> --package-lock-only --ignore-scripts`,
 * then prints per project: whether every lockfile entry npm changed got the same version and
 * integrity from secfix (and how many did not), both diffs' sizes in changed lines, both
 * whole-process times (median of the runs) and the registry requests secfix made.
 * npm keeps its HTTP cache between runs; each secfix process starts with an empty one.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { diffLines } from "diff";
import type { VulnerableRange } from "../../src/domain/dependency-fix.js";
import { createNpmProject, NPM_ENV, redeclare } from "../registry/npm-project.js";

const RUNS = Math.max(1, Number(process.argv[2] ?? 3));
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, "../..");

const advisory = (ghsaId: string, range: string): VulnerableRange => ({ ghsaId, cveId: null, severity: "high", range, firstPatchedVersion: null });
const ADVISORIES: Record<string, VulnerableRange[]> = {
  lodash: [advisory("GHSA-35jh-r3h4-6jhm", "< 4.17.21")],
  "node-fetch": [advisory("GHSA-r683-j2x4-v87g", "< 2.6.7")],
  qs: [advisory("GHSA-hrpp-h998-j3pp", ">= 6.5.0, < 6.5.3"), advisory("GHSA-hrpp-h998-j3pp", ">= 6.7.0, < 6.7.3")],
  minimatch: [advisory("GHSA-f8q6-p94x-37v3", "< 3.0.5")],
  express: [advisory("GHSA-rv95-896h-c2vc", "< 4.19.2"), advisory("GHSA-qw6h-vgh9-j6wx", "< 4.20.0")],
  axios: [advisory("GHSA-wf5p-g6vw-rhxx", ">= 0.8.1, < 0.28.0")],
  moment: [advisory("GHSA-wc69-rhjr-hc9g", ">= 2.18.0, < 2.29.4")],
  "json5": [advisory("GHSA-9c47-m6qq-7p4h", "< 1.0.2"), advisory("GHSA-9c47-m6qq-7p4h", ">= 2.0.0, < 2.2.2")],
};

const PROJECTS: Array<{ name: string; dependencies: Record<string, string>; devDependencies?: Record<string, string>; caret: string[] }> = [
  {
    name: "small",
    dependencies: { lodash: "4.17.15", "node-fetch": "2.6.0", qs: "6.5.2", json5: "2.2.0" },
    devDependencies: { minimatch: "3.0.4" },
    caret: ["lodash", "qs", "json5"],
  },
  {
    name: "large",
    dependencies: { express: "4.17.1", axios: "0.21.1", lodash: "4.17.15", moment: "2.29.1" },
    devDependencies: { mocha: "^6.2.3", webpack: "^4.46.0" },
    caret: ["lodash", "moment", "axios"],
  },
];

type Packages = Record<string, { version?: string; integrity?: string }>;
const packagesOf = (dir: string): Packages => (JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8")) as { packages: Packages }).packages;
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function changedLines(before: string, after: string): number {
  return diffLines(before, after).reduce((sum, part) => sum + (part.added || part.removed ? part.count ?? 0 : 0), 0);
}

function timed(run: () => string): { ms: number; output: string } {
  const started = performance.now();
  const output = run();
  return { ms: performance.now() - started, output };
}

function copy(dir: string): string {
  const target = mkdtempSync(path.join(tmpdir(), "secfix-bench-"));
  cpSync(path.join(dir, "package.json"), path.join(target, "package.json"));
  cpSync(path.join(dir, "package-lock.json"), path.join(target, "package-lock.json"));
  return target;
}

/** Entries npm added, removed or changed, and whether secfix's lockfile has the same version and integrity there. */
function compare(original: Packages, npm: Packages, ours: Packages): { changed: number; differences: string[] } {
  const differences: string[] = [];
  let changed = 0;
  for (const loc of new Set([...Object.keys(original), ...Object.keys(npm)])) {
    if (!loc.includes("node_modules/")) continue;
    const was = original[loc];
    const now = npm[loc];
    if (was?.version === now?.version && was?.integrity === now?.integrity) continue;
    changed++;
    const mine = ours[loc];
    if (mine?.version !== now?.version || mine?.integrity !== now?.integrity) {
      differences.push(`${loc}: npm ${now?.version ?? "(removed)"}, secfix ${mine?.version ?? "(removed)"}`);
    }
  }
  return { changed, differences };
}

/** The advisories as REST-shaped Dependabot alerts, one file each, for `secfix fix --alert`. */
function alertFiles(name: string, advisories: VulnerableRange[]): string[] {
  const folder = mkdtempSync(path.join(tmpdir(), "secfix-bench-alerts-"));
  return advisories.map((v, index) => {
    const file = path.join(folder, `${index}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        number: index + 1,
        state: "open",
        created_at: "2026-01-01T00:00:00Z",
        dependency: { package: { ecosystem: "npm", name }, manifest_path: "package-lock.json", scope: "runtime" },
        security_advisory: { ghsa_id: v.ghsaId, cve_id: v.cveId, summary: `${name} advisory`, severity: v.severity },
        security_vulnerability: { severity: v.severity, vulnerable_version_range: v.range, first_patched_version: null },
      }),
    );
    return file;
  });
}

if (!existsSync(path.join(root, "lib/cli/main.js"))) throw new Error("run `npm run build` first (npm run bench:deps does)");

for (const spec of PROJECTS) {
  const dir = createNpmProject({ name: `bench-${spec.name}`, version: "1.0.0", private: true, dependencies: spec.dependencies, devDependencies: spec.devDependencies ?? {} });
  for (const name of spec.caret) redeclare(dir, "dependencies", name, `^${spec.dependencies[name]}`);
  const original = packagesOf(dir);
  const vulnerable = Object.keys({ ...spec.dependencies, ...spec.devDependencies }).filter((name) => ADVISORIES[name]);
  console.log(`\n## ${spec.name}: ${Object.keys(original).length - 1} packages in the lockfile, ${RUNS} runs per measurement\n`);
  console.log("| package | fix | same as npm | entries npm changed | differences | diff lines secfix / npm | time secfix / npm (median ms) | registry requests |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const name of vulnerable) {
    const vulns = JSON.stringify(ADVISORIES[name]);
    const secfixTimes: number[] = [];
    let secfixDir = "";
    let result: { status: string; toVersion?: string; strategy?: string; reason?: string; requests: number } = { status: "?", requests: 0 };
    // Timed: the shipping command, `secfix fix`, as a whole process (compiled, as `npm run build` leaves it).
    const alerts = alertFiles(name, ADVISORIES[name]!);
    for (let run = 0; run < RUNS; run++) {
      if (secfixDir) rmSync(secfixDir, { recursive: true, force: true });
      secfixDir = copy(dir);
      const { ms, output } = timed(() =>
        execFileSync(process.execPath, [path.join(root, "lib/cli/main.js"), "fix", "--dir", secfixDir, ...alerts.flatMap((file) => ["--alert", file])], {
          encoding: "utf8",
        }),
      );
      secfixTimes.push(ms);
      result = { ...(JSON.parse(output.trim().split("\n").pop()!) as typeof result), requests: 0 };
    }
    // Untimed: the same fix once more in-process, to count the registry requests it costs.
    const counted = copy(dir);
    const counts = JSON.parse(
      execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(here, "deps-fix-once.ts"), counted, name, vulns], { encoding: "utf8" }).trim().split("\n").pop()!,
    ) as { requests: number };
    rmSync(counted, { recursive: true, force: true });
    result.requests = counts.requests;
    if (result.status !== "patched" || !result.toVersion) {
      console.log(`| ${name} | ${result.status}: ${result.reason ?? ""} | - | - | - | - | ${Math.round(median(secfixTimes))} / - | ${result.requests} |`);
      continue;
    }
    const npmTimes: number[] = [];
    let npmDir = "";
    for (let run = 0; run < RUNS; run++) {
      if (npmDir) rmSync(npmDir, { recursive: true, force: true });
      npmDir = copy(dir);
      const target = npmDir;
      npmTimes.push(
        timed(() =>
          execFileSync("npm", ["install", `${name}@${result.toVersion}`, "--package-lock-only", "--ignore-scripts"], { cwd: target, env: NPM_ENV, encoding: "utf8" }),
        ).ms,
      );
    }
    const { changed, differences } = compare(original, packagesOf(npmDir), packagesOf(secfixDir));
    const lines = (fixed: string) => changedLines(read(dir, "package.json"), read(fixed, "package.json")) + changedLines(read(dir, "package-lock.json"), read(fixed, "package-lock.json"));
    console.log(
      `| ${name} | ${result.strategy} → ${result.toVersion} | ${differences.length === 0 ? "yes" : "no"} | ${changed} | ${differences.length}${differences.length ? ` (${differences.slice(0, 3).join("; ")})` : ""} | ${lines(secfixDir)} / ${lines(npmDir)} | ${Math.round(median(secfixTimes))} / ${Math.round(median(npmTimes))} | ${result.requests} |`,
    );
    rmSync(secfixDir, { recursive: true, force: true });
    rmSync(npmDir, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}
