import type { FileChange } from "../domain/dependency-fix.js";
import { dependencyFileKind } from "./dependency-file-kind.js";
import { npmLockfilePackages, type InstalledPackage } from "./npm-lockfile-packages.js";
import { pipPinnedRequirements } from "./pip-pinned-requirements.js";

/** A package version a patch makes the project install that it did not install before. */
export interface AddedDependency {
  ecosystem: string;
  name: string;
  version: string;
  path: string;
}

/** The packages one side of a change installs, by ecosystem; null for a file that is not a lockfile. */
function installed(path: string, text: string | null): { ecosystem: string; packages: InstalledPackage[] } | null {
  const kind = dependencyFileKind(path);
  if (kind === "npm-lockfile") return { ecosystem: "npm", packages: text === null ? [] : (npmLockfilePackages(path, text) ?? []) };
  if (kind === "pip-requirements" || kind === "pyproject") return { ecosystem: "pip", packages: text === null ? [] : (pipPinnedRequirements(kind, text)?.pins ?? []) };
  return null;
}

/**
 * Package versions present in the `after` of a lockfile (npm package-lock.json and shrinkwrap
 * `packages`; pip `==` pins in requirements files and pyproject.toml) and not in its `before`.
 * A bump counts: the new version is code nobody has run here. Deduplicated by ecosystem, name and
 * version, keeping the first file. A file that no longer parses adds nothing here; the parse gate
 * fails it.
 */
export function addedDependencies(changes: readonly FileChange[]): AddedDependency[] {
  const added: AddedDependency[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    const after = installed(change.path, change.after);
    if (after === null) continue;
    const before = new Set((installed(change.path, change.before)?.packages ?? []).map((pkg) => `${pkg.name}@${pkg.version}`));
    for (const pkg of after.packages) {
      const key = `${after.ecosystem}:${pkg.name}@${pkg.version}`;
      if (before.has(`${pkg.name}@${pkg.version}`) || seen.has(key)) continue;
      seen.add(key);
      added.push({ ecosystem: after.ecosystem, name: pkg.name, version: pkg.version, path: change.path });
    }
  }
  return added;
}
