import type { PackageTree } from "./package-tree.js";

/** One entry of the v1-style `dependencies` tree that lockfileVersion 2 keeps for npm 6. */
export interface LegacyEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  from?: string;
  bundled?: boolean;
  extraneous?: boolean;
  peer?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, LegacyEntry>;
  [key: string]: unknown;
}

const REGISTRY_TARBALL = /^https?:\/\/.+\/-\/[^/]+\.tgz$/;

function childrenOf(tree: PackageTree, location: string): string[] {
  const prefix = location === "" ? "node_modules/" : `${location}/node_modules/`;
  return tree.locations().filter((loc) => loc.startsWith(prefix) && !loc.slice(prefix.length).replace(/^@[^/]+\//, "").includes("/"));
}

/**
 * Rebuilds the legacy `dependencies` section from the `packages` tree the way arborist's
 * buildLegacyLockfile does, so both halves of a v2 lockfile agree. Entries that did not come from
 * the registry (git, tarball URLs, paths) keep their previous `version`/`resolved`/`from`.
 */
export function buildLegacyDependencies(tree: PackageTree, previous: Record<string, LegacyEntry> | undefined): Record<string, LegacyEntry> {
  const build = (location: string, old: LegacyEntry | undefined, path: string[]): LegacyEntry => {
    const lock: LegacyEntry = {};
    const real = tree.real(location);
    const entry = tree.get(real) ?? {};
    if (tree.isLink(location)) {
      lock.version = `file:${real}`;
    } else if (typeof entry.resolved === "string" && !REGISTRY_TARBALL.test(entry.resolved) && old?.version) {
      // git, remote tarball or path: keep what npm wrote, it depends on the requesting spec.
      lock.version = old.version;
      if (old.from) lock.from = old.from;
      if (old.resolved) lock.resolved = old.resolved;
    } else if (tree.packageNameOf(location) !== tree.nameOf(location)) {
      lock.version = `npm:${tree.packageNameOf(location)}@${entry.version ?? ""}`;
    } else if (entry.version) {
      lock.version = entry.version;
    }
    if (entry.inBundle) lock.bundled = true;
    if (!tree.isLink(location) && lock.resolved === undefined && typeof entry.resolved === "string" && REGISTRY_TARBALL.test(entry.resolved)) {
      lock.resolved = entry.resolved;
    }
    if (!tree.isLink(location) && entry.integrity) lock.integrity = entry.integrity;
    if (entry.extraneous) lock.extraneous = true;
    else if (!tree.isLink(location)) {
      if (entry.peer) lock.peer = true;
      if (entry.devOptional) lock.devOptional = true;
      if (entry.dev) lock.dev = true;
      if (entry.optional) lock.optional = true;
    }
    const edges = tree.edgesOut(real);
    if (edges.length > 0) {
      lock.requires = Object.fromEntries(
        edges.filter((edge) => edge.type !== "peer" && edge.type !== "peerOptional").map((edge) => [edge.name, edge.spec]),
      );
    }
    const kidPath = [...path, real];
    const dependencies: Record<string, LegacyEntry> = {};
    let found = false;
    for (const kid of childrenOf(tree, real)) {
      if (path.includes(tree.real(kid))) continue;
      const name = tree.nameOf(kid);
      dependencies[name] = build(kid, old?.dependencies?.[name], kidPath);
      found = true;
    }
    if (found) lock.dependencies = dependencies;
    return lock;
  };

  const result: Record<string, LegacyEntry> = {};
  for (const kid of childrenOf(tree, "")) {
    const name = tree.nameOf(kid);
    result[name] = build(kid, previous?.[name], [""]);
  }
  return result;
}
