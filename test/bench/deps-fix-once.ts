/**
 * One secfix npm fix as a whole process, for `bench:deps` to time against `npm install`:
 *
 *   tsx test/bench/deps-fix-once.ts <project dir> <package> '<vulnerabilities JSON>'
 *
 * Writes the changed files into the project and prints one JSON line: outcome summary and the
 * number of registry requests made.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { VulnerableRange } from "../../src/domain/dependency-fix.js";
import { createNpmPatcher } from "../../src/patch/deps/npm/create-npm-patcher.js";
import { createNpmRegistry } from "../../src/registry/npm-registry.js";

const [dir, packageName, vulnerabilities] = process.argv.slice(2);
if (!dir || !packageName || !vulnerabilities) throw new Error("usage: deps-fix-once.ts <dir> <package> <vulnerabilities JSON>");
const registry = createNpmRegistry();
const patcher = createNpmPatcher(registry, { nodeVersion: process.version });
const outcome = await patcher.patch(
  { ecosystem: "npm", packageName, manifestPath: "package-lock.json", vulnerabilities: JSON.parse(vulnerabilities) as VulnerableRange[], allowOverrides: false },
  { read: async (p) => (existsSync(path.join(dir, p)) ? readFileSync(path.join(dir, p), "utf8") : null) },
);
if (outcome.status === "patched") for (const file of outcome.files) writeFileSync(path.join(dir, file.path), file.after ?? "");
const summary = outcome.status === "patched" ? { status: outcome.status, strategy: outcome.strategy, toVersion: outcome.toVersion } : outcome;
console.log(JSON.stringify({ ...summary, requests: registry.requestCount() }));
