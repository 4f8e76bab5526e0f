import { parseJsonFile } from "../patch/deps/npm/parse-json-file.js";

/** A package at a version that a lockfile installs (once per place it is installed). */
export interface InstalledPackage {
  name: string;
  version: string;
}

const INSTALLED_AT = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/;
const NPM_ALIAS = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * v2/v3 `packages`: every entry under a `node_modules` folder. An alias (`"node_modules/lo":
 * {"name": "lodash"}`) installs the package it names. Links and workspace folders are the
 * project's own code, not packages from the registry.
 */
function fromPackages(packages: Record<string, unknown>): InstalledPackage[] {
  const installed: InstalledPackage[] = [];
  for (const [location, entry] of Object.entries(packages)) {
    const folder = INSTALLED_AT.exec(location)?.[1];
    if (!folder || !isRecord(entry) || entry.link === true || typeof entry.version !== "string") continue;
    installed.push({ name: typeof entry.name === "string" ? entry.name : folder, version: entry.version });
  }
  return installed;
}

/** v1 `dependencies`, nested: an alias writes its target as `npm:lodash@4.17.21`. */
function fromDependencies(dependencies: Record<string, unknown>, into: InstalledPackage[]): void {
  for (const [name, entry] of Object.entries(dependencies)) {
    if (!isRecord(entry)) continue;
    if (typeof entry.version === "string") {
      const alias = NPM_ALIAS.exec(entry.version);
      into.push(alias ? { name: alias[1]!, version: alias[2]! } : { name, version: entry.version });
    }
    if (isRecord(entry.dependencies)) fromDependencies(entry.dependencies, into);
  }
}

/**
 * Every package a package-lock.json or npm-shrinkwrap.json installs; null when the text is not a
 * lockfile npm could read. `packages` wins over `dependencies` when both are there (v2): npm 7+
 * reads only `packages`, v1 is kept for old clients.
 */
export function npmLockfilePackages(path: string, text: string): InstalledPackage[] | null {
  const parsed = parseJsonFile(path, text);
  if (!parsed.ok) return null;
  const { packages, dependencies } = parsed.value;
  if (isRecord(packages)) return fromPackages(packages);
  if (isRecord(dependencies)) {
    const installed: InstalledPackage[] = [];
    fromDependencies(dependencies, installed);
    return installed;
  }
  // A lockfile of a project without dependencies holds neither map when v1, or only the root.
  return typeof parsed.value.lockfileVersion === "number" ? [] : null;
}
