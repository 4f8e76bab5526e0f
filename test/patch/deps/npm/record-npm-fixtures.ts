/**
 * Re-records the registry data the offline npm patcher tests replay. Not a test: it talks to the
 * live registry and runs the real npm CLI, so it is run by hand after changing a fixture:
 *
 *   npx tsx test/patch/deps/npm/record-npm-fixtures.ts
 *
 * For every scenario it runs the patcher against the live registry, keeps the packuments it read
 * (trimmed to the fields secfix uses), and for direct fixes records the lockfile that
 * `npm install <pkg>@<version> --package-lock-only` writes, which the tests compare against.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createNpmPatcher } from "../../../../src/patch/deps/npm/create-npm-patcher.js";
import { createNpmRegistry } from "../../../../src/registry/npm-registry.js";
import type { Packument } from "../../../../src/registry/packument.js";
import { ADVISORIES, SCENARIOS } from "./npm-fixture-scenarios.js";

const here = path.dirname(new URL(import.meta.url).pathname);
const fixtures = path.join(here, "fixtures");
const KEEP = [
  "name", "version", "dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta",
  "bundleDependencies", "bundledDependencies", "engines", "os", "cpu", "libc", "license", "bin", "funding",
  "deprecated", "hasInstallScript", "_hasShrinkwrap",
];

function trim(packument: Packument): Packument {
  const versions = Object.fromEntries(
    Object.entries(packument.versions).map(([version, manifest]) => {
      const kept: Record<string, unknown> = {};
      for (const key of KEEP) if (manifest[key] !== undefined) kept[key] = manifest[key];
      const scripts = Object.fromEntries(Object.entries(manifest.scripts ?? {}).filter(([k]) => /^(pre|post)?install$/.test(k)));
      if (Object.keys(scripts).length > 0) kept.scripts = scripts;
      kept.dist = { tarball: manifest.dist.tarball, integrity: manifest.dist.integrity, shasum: manifest.dist.shasum };
      return [version, kept];
    }),
  );
  return { name: packument.name, "dist-tags": packument["dist-tags"], versions } as Packument;
}

const live = createNpmRegistry();
const seen = new Map<string, Packument>();
const recording = {
  async packument(name: string) {
    const packument = await live.packument(name);
    seen.set(name, packument);
    return packument;
  },
};
const patcher = createNpmPatcher(recording);
mkdirSync(path.join(fixtures, "npm-results"), { recursive: true });

for (const scenario of SCENARIOS) {
  const dir = path.join(fixtures, scenario.fixture);
  const files = { read: async (p: string) => (existsSync(path.join(dir, p)) ? readFileSync(path.join(dir, p), "utf8") : null) };
  const outcome = await patcher.patch(
    {
      ecosystem: "npm",
      packageName: scenario.packageName,
      manifestPath: scenario.manifestPath,
      vulnerabilities: ADVISORIES[scenario.packageName],
      allowOverrides: scenario.allowOverrides ?? false,
    },
    files,
  );
  console.log(scenario.fixture, scenario.packageName, outcome.status, outcome.status === "patched" ? `${outcome.strategy} → ${outcome.toVersion}` : outcome.reason);
  if (outcome.status !== "patched" || outcome.strategy !== "npm-direct") continue;
  const work = mkdtempSync(path.join(tmpdir(), "secfix-record-"));
  cpSync(dir, work, { recursive: true });
  const lockName = existsSync(path.join(dir, "npm-shrinkwrap.json")) ? "npm-shrinkwrap.json" : "package-lock.json";
  const workspaceArgs = scenario.fixture === "workspaces" ? ["--workspaces", "--include-workspace-root"] : [];
  execFileSync("npm", ["install", `${scenario.packageName}@${outcome.toVersion}`, "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", ...workspaceArgs], {
    cwd: work,
    stdio: "ignore",
    env: { ...process.env, npm_config_omit_lockfile_registry_resolved: scenario.fixture === "omitted" ? "true" : "false" },
  });
  const out = path.join(fixtures, "npm-results", `${scenario.fixture}.${scenario.packageName}.json`);
  writeFileSync(out, readFileSync(path.join(work, lockName), "utf8"));
  rmSync(work, { recursive: true, force: true });
}

for (const [name, packument] of seen) {
  const file = path.join(fixtures, "packuments", `${name.replace("/", "__")}.json`);
  writeFileSync(file, `${JSON.stringify(trim(packument))}\n`);
}
console.log(`recorded ${seen.size} packuments`);
