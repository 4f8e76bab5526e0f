import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DependencyPatchOutcome, RepoFiles } from "../../src/domain/dependency-fix.js";

/** Plain npm settings for generated projects, whatever the machine's user .npmrc says. */
export const NPM_ENV = {
  ...process.env,
  npm_config_omit_lockfile_registry_resolved: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

export function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", args, { cwd, env: NPM_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** A temp folder holding `package.json` (and any extra files), locked by the real npm CLI. */
export function createNpmProject(manifest: Record<string, unknown>, extra: Record<string, string> = {}, lockArgs: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), "secfix-npm-"));
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  npm(dir, ["install", "--package-lock-only", "--ignore-scripts", ...lockArgs]);
  return dir;
}

/** Sets a declared spec in package.json (e.g. back to an exact old version) and re-locks without upgrading. */
export function redeclare(dir: string, map: string, name: string, spec: string): void {
  const file = path.join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string>>;
  manifest[map]![name] = spec;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  npm(dir, ["install", "--package-lock-only", "--ignore-scripts"]);
}

export function repoFiles(dir: string): RepoFiles {
  return { read: async (p) => (existsSync(path.join(dir, p)) ? readFileSync(path.join(dir, p), "utf8") : null) };
}

export function writeOutcome(dir: string, outcome: DependencyPatchOutcome): void {
  if (outcome.status !== "patched") throw new Error(`expected a patch, got ${outcome.status}: ${outcome.reason}`);
  for (const file of outcome.files) writeFileSync(path.join(dir, file.path), file.after ?? "");
}

export function installedVersion(dir: string, modulePath: string): string {
  return (JSON.parse(readFileSync(path.join(dir, modulePath, "package.json"), "utf8")) as { version: string }).version;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Drops a direct declaration but keeps its locked version for whoever else depends on it (npm keeps a valid lock). */
export function unlock(dir: string, name: string): void {
  const file = path.join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { dependencies: Record<string, string> };
  delete manifest.dependencies[name];
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  npm(dir, ["install", "--package-lock-only", "--ignore-scripts"]);
}
