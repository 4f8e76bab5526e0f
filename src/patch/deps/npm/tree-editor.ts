import semver from "semver";
import type { NpmRegistry } from "../../../registry/npm-registry.js";
import type { PackumentVersion } from "../../../registry/packument.js";
import { calculateDependencyFlags } from "./calculate-dependency-flags.js";
import { parseDependencySpec } from "./dependency-spec.js";
import { gatherDepSet } from "./gather-dep-set.js";
import { lockEntryFromManifest } from "./lock-entry-from-manifest.js";
import { childLocation, isTopLocation, type Edge, type PackageTree } from "./package-tree.js";
import { pickVersion } from "./pick-version.js";
import { canReplace, findPlacement } from "./place-dependency.js";
import { TreeEditError } from "./tree-edit-error.js";

export interface TreeEditorOptions {
  nodeVersion: string | null;
  /** Versions of one package that new placements should avoid (the vulnerable ones). */
  avoid?: { packageName: string; avoided: (version: string) => boolean };
  /** Leave `resolved` out of new entries, as the lockfile does (npm's omit-lockfile-registry-resolved). */
  omitResolved?: boolean;
}

const collator = new Intl.Collator("en");

function nesting(location: string): number {
  return location.split("node_modules/").length - 1;
}

function describeFrom(tree: PackageTree, location: string): string {
  return location === "" ? "the project" : `${tree.packageNameOf(location)}@${tree.versionOf(location)}`;
}

/**
 * Changes a PackageTree the way `npm install` builds its ideal tree: a placed package's missing or
 * unmet dependencies are fetched (highest matching version), placed as high as they may go, and
 * whatever no longer has a dependent is pruned. Every registry read goes through `registry`.
 */
export class TreeEditor {
  private readonly queue = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(
    readonly tree: PackageTree,
    private readonly registry: NpmRegistry,
    private readonly options: TreeEditorOptions,
  ) {}

  async manifest(packageName: string, version: string): Promise<PackumentVersion> {
    const packument = await this.registry.packument(packageName);
    const manifest = packument.versions[version];
    if (!manifest) throw new TreeEditError(`${packageName}@${version} is not published on the registry`, "no_fix");
    return manifest;
  }

  /** Installs `manifest` for the dependency `from → name` as an explicit request (like `npm install name@version`). */
  request(from: string, name: string, manifest: PackumentVersion): string | null {
    const edge = this.tree.edgeOut(from, name);
    if (!edge) throw new Error(`${from || "(root)"} has no dependency on ${name}`);
    return this.place(edge, manifest, true);
  }

  /** Swaps the package at `location` for another version where it stands (a lockfile-only update). */
  replaceInPlace(location: string, manifest: PackumentVersion): void {
    this.replaceAt(location, manifest);
    this.requeueBroken(location, null);
    this.queue.add(location);
  }

  /** Marks a node whose dependencies changed (e.g. a package.json range was raised). */
  revisit(location: string): void {
    this.seen.delete(location);
    this.queue.add(location);
  }

  private place(edge: Edge, manifest: PackumentVersion, explicit: boolean): string | null {
    const tree = this.tree;
    const candidate = { name: edge.name, packageName: manifest.name, version: manifest.version };
    const placement = findPlacement(tree, edge, candidate, explicit);
    if (placement.kind === "conflict") throw new TreeEditError(placement.reason, "unsupported");
    if (placement.kind === "keep") {
      this.pruneDedupable(placement.target, true);
      return null;
    }
    for (const up of tree.ancestry(placement.target)) {
      if (!isTopLocation(up) && tree.packageNameOf(up) === manifest.name && tree.versionOf(up) === manifest.version) {
        throw new TreeEditError(
          `${manifest.name}@${manifest.version} would have to be installed inside itself (a dependency cycle npm resolves with a symlink); secfix does not write such lockfiles`,
          "unsupported",
        );
      }
    }
    const edgeWasValid = tree.isValid(edge);
    const previous = edge.to;
    const location = childLocation(placement.target, edge.name);
    if (tree.has(location)) this.replaceAt(location, manifest);
    else tree.set(location, lockEntryFromManifest(manifest, edge.name, this.options.omitResolved));
    this.requeueBroken(location, edge);
    this.queue.add(location);

    if (edgeWasValid && previous !== null && previous !== location && tree.has(previous)) this.pruneDedupable(previous, false);
    for (const other of tree.locations()) {
      if (other === location || !tree.has(other) || isTopLocation(other) || tree.nameOf(other) !== edge.name) continue;
      if (!tree.isDescendantOf(other, placement.target)) continue;
      this.pruneDedupable(other, false);
      for (const kid of this.children(other)) this.pruneDedupable(kid, false);
    }
    return location;
  }

  private requeueBroken(location: string, except: Edge | null): void {
    for (const incoming of this.tree.edgesIn(location)) {
      if (except && incoming.from === except.from && incoming.name === except.name) continue;
      if (!this.tree.isValid(incoming)) {
        this.seen.delete(incoming.from);
        this.queue.add(incoming.from);
      }
    }
  }

  private replaceAt(location: string, manifest: PackumentVersion): void {
    const tree = this.tree;
    const entry = lockEntryFromManifest(manifest, tree.nameOf(location), this.options.omitResolved);
    const kept = new Set([
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}),
    ]);
    const oldDeps: string[] = [];
    for (const edge of tree.edgesOut(location)) {
      if (!kept.has(edge.name) && edge.to !== null) {
        const dropped = edge.to;
        oldDeps.push(...gatherDepSet(tree, [dropped], (e) => e.to !== dropped));
      }
    }
    tree.set(location, entry);
    // arborist's pruneForReplacement: drop what only the old version needed.
    const invalid = new Set<string>();
    for (const edge of tree.edgesOut(location)) if (edge.to !== null && !tree.isValid(edge)) invalid.add(edge.to);
    for (const dep of oldDeps) {
      if (!tree.has(dep)) continue;
      for (const loc of gatherDepSet(tree, [dep], (e) => e.to !== dep && tree.isValid(e))) invalid.add(loc);
    }
    const doomed = gatherDepSet(tree, invalid, (e) => e.from !== location && e.to !== location && tree.isValid(e));
    for (const loc of doomed) tree.remove(loc);
  }

  private children(location: string): string[] {
    const prefix = location === "" ? "node_modules/" : `${location}/node_modules/`;
    return this.tree.locations().filter((loc) => loc.startsWith(prefix) && !loc.slice(prefix.length).replace(/^@[^/]+\//, "").includes("/"));
  }

  /** arborist's canDedupe: a nested copy goes when the one its grandparent resolves serves all its dependents. */
  private canDedupe(location: string): boolean {
    const tree = this.tree;
    const entry = tree.get(location);
    if (!entry || entry.inBundle || isTopLocation(location)) return false;
    const parent = tree.resolveParent(location);
    const grandparent = parent === null ? null : tree.resolveParent(parent);
    if (grandparent === null) return false;
    if (tree.edgesIn(location).length === 0) return true;
    const other = tree.resolve(grandparent, tree.nameOf(location));
    if (other === null) return false;
    const version = tree.versionOf(location);
    const otherVersion = tree.versionOf(other);
    if (tree.packageNameOf(other) === tree.packageNameOf(location) && otherVersion === version) return true;
    if (tree.isLink(other)) return false;
    if (!canReplace(tree, location, { name: tree.nameOf(other), packageName: tree.packageNameOf(other), version: otherVersion })) {
      return false;
    }
    return semver.valid(otherVersion) !== null && semver.valid(version) !== null && semver.gte(otherVersion, version);
  }

  private pruneDedupable(location: string, descend: boolean): void {
    if (!this.tree.has(location)) return;
    if (this.canDedupe(location)) {
      const deps = gatherDepSet(this.tree, [location], (e) => e.to !== location && this.tree.isValid(e));
      for (const loc of deps) this.tree.remove(loc);
      return;
    }
    if (!descend) return;
    for (const kid of this.children(location).sort(collator.compare)) this.pruneDedupable(kid, true);
    if (location === "") {
      const folders = this.tree.locations().filter((loc) => loc !== "" && isTopLocation(loc)).sort(collator.compare);
      for (const folder of folders) for (const kid of this.children(folder).sort(collator.compare)) this.pruneDedupable(kid, true);
    }
  }

  private problemEdges(location: string): Edge[] {
    const tree = this.tree;
    const entry = tree.get(location);
    if (!entry || entry.link) return [];
    const bundled = new Set(Array.isArray(entry.bundleDependencies) && !isTopLocation(location) ? entry.bundleDependencies.map(String) : []);
    return tree.edgesOut(location).filter((edge) => {
      if (bundled.has(edge.name)) return false;
      if (edge.to === null) return edge.type !== "peerOptional";
      if (tree.get(edge.to)?.inBundle) return false;
      return !tree.isValid(edge);
    });
  }

  private async chooseFor(edge: Edge): Promise<PackumentVersion> {
    const parsed = parseDependencySpec(edge.spec);
    if (parsed.kind !== "range" && parsed.kind !== "alias") {
      const what = parsed.kind === "tag" ? `the dist-tag "${parsed.tag}"` : parsed.description;
      throw new TreeEditError(
        `${describeFrom(this.tree, edge.from)} needs ${edge.name} from ${what}, which secfix cannot resolve without npm`,
        "unsupported",
      );
    }
    const packageName = parsed.kind === "alias" ? parsed.packageName : edge.name;
    const packument = await this.registry.packument(packageName);
    const avoid = this.options.avoid?.packageName === packageName ? this.options.avoid.avoided : undefined;
    const version = pickVersion(packument, parsed.range, { nodeVersion: this.options.nodeVersion, avoid });
    if (version === null) {
      throw new TreeEditError(`no published version of ${packageName} matches ${parsed.range}, which ${describeFrom(this.tree, edge.from)} requires`, "no_fix");
    }
    return packument.versions[version]!;
  }

  /** Resolves every queued node's missing or unmet dependencies, breadth first like arborist. */
  async settle(): Promise<void> {
    while (this.queue.size > 0) {
      const next = [...this.queue].sort((a, b) => nesting(a) - nesting(b) || collator.compare(a, b))[0]!;
      this.queue.delete(next);
      if (this.seen.has(next) || !this.tree.has(next)) continue;
      this.seen.add(next);
      const problems = this.problemEdges(next);
      const manifests = await Promise.all(problems.map((edge) => this.chooseFor(edge)));
      const tasks = problems.map((edge, i) => ({ name: edge.name, manifest: manifests[i]! }));
      tasks.sort((a, b) => collator.compare(a.name, b.name));
      for (const task of tasks) {
        if (!this.tree.has(next)) break;
        const edge = this.tree.edgeOut(next, task.name);
        if (!edge || (edge.to !== null && this.tree.isValid(edge))) continue;
        this.place(edge, task.manifest, false);
      }
    }
  }

  /** Recomputes dev/optional/peer flags and removes every package nothing depends on any more. */
  prune(): void {
    const extraneous = calculateDependencyFlags(this.tree);
    for (const loc of extraneous) if (!isTopLocation(loc)) this.tree.remove(loc);
    if (extraneous.size > 0) calculateDependencyFlags(this.tree);
  }

  /** Dependencies `npm ci` would find unmet, in words; empty when the tree installs as written. */
  unmetDependencies(): string[] {
    const problems: string[] = [];
    for (const loc of this.tree.locations()) {
      for (const edge of this.problemEdges(loc)) {
        if (edge.to === null && edge.type === "optional") {
          problems.push(`${describeFrom(this.tree, loc)} has no ${edge.name} (optional, ${edge.spec})`);
        } else if (edge.to === null) {
          problems.push(`${describeFrom(this.tree, loc)} has no ${edge.name} (${edge.spec})`);
        } else {
          problems.push(`${describeFrom(this.tree, loc)} needs ${edge.name}@${edge.spec} but gets ${this.tree.versionOf(edge.to)}`);
        }
      }
    }
    return problems;
  }
}
