import path from "node:path";
import type { PackumentVersion } from "../../../registry/packument.js";
import type { LockEntry } from "./package-tree.js";

/** The manifest fields arborist copies into a lockfile entry (its `pkgMetaKeys`), in its order. */
const META_KEYS = [
  "version",
  "dependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "optionalDependencies",
  "bundleDependencies",
  "acceptDependencies",
  "funding",
  "engines",
  "os",
  "cpu",
  "libc",
  "license",
  "hasInstallScript",
  "bin",
  "deprecated",
] as const;

/** npm-normalize-package-bin: a bin map with safe names and slash-normalised relative paths. */
function normalizeBin(name: string, bin: unknown): Record<string, string> | undefined {
  let table: Record<string, unknown>;
  if (typeof bin === "string") table = { [name]: bin };
  else if (Array.isArray(bin)) table = Object.fromEntries(bin.map((file: unknown) => [path.posix.basename(String(file)), file]));
  else if (typeof bin === "object" && bin !== null) table = bin as Record<string, unknown>;
  else return undefined;
  const clean: Record<string, string> = {};
  for (const [key, target] of Object.entries(table)) {
    const base = path.posix.join("/", path.posix.basename(key.replace(/\\|:/g, "/"))).slice(1);
    if (typeof target !== "string" || !base) continue;
    const file = path.posix.join("/", target.replace(/\\/g, "/")).slice(1);
    if (file) clean[base] = file;
  }
  return Object.keys(clean).length > 0 ? clean : undefined;
}

function bundled(manifest: PackumentVersion): string[] | undefined {
  const raw = manifest.bundleDependencies ?? manifest.bundledDependencies;
  if (raw === true) return Object.keys(manifest.dependencies ?? {});
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === "object" && raw !== null) return Object.keys(raw);
  return undefined;
}

/** `sha1-<base64>` from a hex shasum, as ssri writes it for packages published without integrity. */
function integrityOf(manifest: PackumentVersion): string | undefined {
  if (manifest.dist.integrity) return manifest.dist.integrity;
  if (manifest.dist.shasum) return `sha1-${Buffer.from(manifest.dist.shasum, "hex").toString("base64")}`;
  return undefined;
}

/**
 * The lockfile entry npm writes for a registry package (arborist's `metaFromNode` over a manifest
 * normalised like pacote does), without dev/optional/peer flags: those depend on the tree.
 * `folderName` differs from the package name only for `npm:` aliases.
 */
export function lockEntryFromManifest(manifest: PackumentVersion, folderName: string, omitResolved = false): LockEntry {
  const pkg: Record<string, unknown> = { ...manifest };
  // pacote's normalisation: optional deps live only in optionalDependencies.
  if (pkg.dependencies && manifest.optionalDependencies) {
    const deps = { ...(pkg.dependencies as Record<string, string>) };
    for (const name of Object.keys(manifest.optionalDependencies)) delete deps[name];
    pkg.dependencies = Object.keys(deps).length > 0 ? deps : undefined;
  }
  if (typeof pkg.funding === "string") pkg.funding = { url: pkg.funding };
  pkg.bin = normalizeBin(manifest.name, manifest.bin);
  pkg.bundleDependencies = bundled(manifest);
  if (typeof pkg.license === "object" && pkg.license !== null && "type" in pkg.license) pkg.license = (pkg.license as { type: unknown }).type;
  const scripts = manifest.scripts ?? {};
  pkg.hasInstallScript = manifest.hasInstallScript || Boolean(scripts.install || scripts.preinstall || scripts.postinstall) || undefined;

  const entry: LockEntry = {};
  for (const key of META_KEYS) {
    const value = pkg[key];
    if (!value) continue;
    if (typeof value === "object" && Object.keys(value).length === 0) continue;
    (entry as Record<string, unknown>)[key] = value;
  }
  const integrity = integrityOf(manifest);
  if (integrity) entry.integrity = integrity;
  if (manifest._hasShrinkwrap) entry.hasShrinkwrap = true;
  if (manifest.name !== folderName) entry.name = manifest.name;
  // npm's omit-lockfile-registry-resolved: some projects keep registry URLs out of the lockfile.
  if (!omitResolved) entry.resolved = manifest.dist.tarball;
  return entry;
}
