import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import nock from "nock";
import type { DependencyPatchOutcome, RepoFiles } from "../../../../src/domain/dependency-fix.js";

const here = path.dirname(new URL(import.meta.url).pathname);
export const FIXTURES = path.join(here, "fixtures");
export const REGISTRY = "https://registry.npmjs.org";

/** A fixture folder as the repository at the base commit, with some files replaced or removed. */
export function fixtureFiles(fixture: string, replace: Record<string, string | null> = {}): RepoFiles & { text(p: string): string } {
  const read = (p: string): string | null => {
    if (p in replace) return replace[p] ?? null;
    const file = path.join(FIXTURES, fixture, p);
    return existsSync(file) ? readFileSync(file, "utf8") : null;
  };
  return {
    read: async (p) => read(p),
    text: (p) => {
      const value = read(p);
      if (value === null) throw new Error(`fixture ${fixture} has no ${p}`);
      return value;
    },
  };
}

/** The recorded packuments, served like the public registry; anything else answers 404. */
export function serveRecordedRegistry(): { requested: string[] } {
  const requested: string[] = [];
  const recorded = new Set(readdirSync(path.join(FIXTURES, "packuments")).map((f) => f.replace(/\.json$/, "").replace("__", "/")));
  nock(REGISTRY)
    .persist()
    .get(/.*/)
    .reply(function (uri) {
      const name = decodeURIComponent(uri.slice(1));
      requested.push(name);
      if (this.req.headers.accept !== "application/json") return [406, "expected accept: application/json"];
      if (!recorded.has(name)) return [404, { error: "Not found" }];
      return [200, readFileSync(path.join(FIXTURES, "packuments", `${name.replace("/", "__")}.json`), "utf8"), { "content-type": "application/json" }];
    });
  return { requested };
}

export function changedFile(outcome: DependencyPatchOutcome, file: string): string {
  if (outcome.status !== "patched") throw new Error(`expected a patch, got ${outcome.status}: ${outcome.reason}`);
  const change = outcome.files.find((f) => f.path === file);
  if (!change?.after) throw new Error(`the patch does not change ${file}; it changes ${outcome.files.map((f) => f.path).join(", ")}`);
  return change.after;
}

export function lockPackages(text: string): Record<string, Record<string, unknown>> {
  return (JSON.parse(text) as { packages: Record<string, Record<string, unknown>> }).packages;
}

/** What `npm install <pkg>@<version> --package-lock-only` wrote for the same fix (recorded). */
export function npmResult(fixture: string, packageName: string): Record<string, Record<string, unknown>> {
  return lockPackages(npmLockfile(fixture, packageName));
}

export function npmLockfile(fixture: string, packageName: string): string {
  return readFileSync(path.join(FIXTURES, "npm-results", `${fixture}.${packageName}.json`), "utf8");
}

/** Installed-package entries only: the project's own entries differ by design (npm saves `^x.y.z`). */
export function installedEntries(packages: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(packages).filter(([loc]) => loc.includes("node_modules/")));
}
