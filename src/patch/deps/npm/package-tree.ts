import { OverrideSet } from "./override-set.js";
import { rangeAdmits, specAdmits } from "./dependency-spec.js";

/** One `packages` entry of a v2/v3 lockfile, as npm writes it. */
export interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  extraneous?: boolean;
  inBundle?: boolean;
  hasShrinkwrap?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: unknown;
  workspaces?: unknown;
  [key: string]: unknown;
}

export type EdgeType = "prod" | "dev" | "optional" | "peer" | "peerOptional" | "workspace";

/** A dependency of one node on a name, and where that name resolves from there. */
export interface Edge {
  /** Location of the depending node (never a link: links carry no dependencies). */
  from: string;
  name: string;
  /** The specifier in the dependent's manifest. */
  rawSpec: string;
  /** The specifier after `overrides`. */
  spec: string;
  type: EdgeType;
  /** The override rule that applied, when one did. */
  override: OverrideSet | null;
  /** Location the name resolves to (possibly a link), null when missing. */
  to: string | null;
}

const NESTED = /^(.*)\/node_modules\/((?:@[^/]+\/)?[^/]+)$/;
const TOP_LEVEL = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/;

export function childLocation(parent: string, name: string): string {
  return parent === "" ? `node_modules/${name}` : `${parent}/node_modules/${name}`;
}

/** True for the root and workspace folders: nodes that are projects, not installed packages. */
export function isTopLocation(location: string): boolean {
  return location === "" || !/(^|\/)node_modules\//.test(location);
}

/**
 * The lockfile's `packages` as the folder tree npm installs, with Node's module resolution
 * (look in my node_modules, then my parent's, …) and every dependency edge computed the way
 * arborist does, `overrides` included. Mutations invalidate the computed edges.
 */
export class PackageTree {
  private computed: { out: Map<string, Edge[]>; in: Map<string, Edge[]> } | null = null;

  constructor(
    readonly entries: Map<string, LockEntry>,
    private overrides: OverrideSet | null,
  ) {}

  static fromPackages(packages: Record<string, LockEntry>, overrides: unknown): PackageTree {
    const entries = new Map(Object.entries(packages).map(([loc, entry]) => [loc, { ...entry }]));
    if (!entries.has("")) entries.set("", {});
    return new PackageTree(entries, PackageTree.overrideSet(overrides));
  }

  private static overrideSet(overrides: unknown): OverrideSet | null {
    return typeof overrides === "object" && overrides !== null && Object.keys(overrides).length > 0 ? new OverrideSet(overrides) : null;
  }

  setOverrides(overrides: unknown): void {
    this.overrides = PackageTree.overrideSet(overrides);
    this.computed = null;
  }

  get(location: string): LockEntry | undefined {
    return this.entries.get(location);
  }

  has(location: string): boolean {
    return this.entries.has(location);
  }

  set(location: string, entry: LockEntry): void {
    this.entries.set(location, entry);
    this.computed = null;
  }

  /** Removes a node and everything installed inside it. */
  remove(location: string): void {
    const prefix = `${location}/node_modules/`;
    for (const loc of [...this.entries.keys()]) {
      if (loc === location || loc.startsWith(prefix)) this.entries.delete(loc);
    }
    this.computed = null;
  }

  locations(): string[] {
    return [...this.entries.keys()];
  }

  /** The folder name a node is installed under (an alias's own name for aliases). */
  nameOf(location: string): string {
    const nested = NESTED.exec(location) ?? TOP_LEVEL.exec(location);
    if (nested) return nested[nested.length - 1]!;
    const entry = this.entries.get(location);
    return entry?.name ?? location.split("/").pop() ?? "";
  }

  /** Where a link points; the node itself otherwise. */
  real(location: string): string {
    const entry = this.entries.get(location);
    return entry?.link && typeof entry.resolved === "string" ? entry.resolved : location;
  }

  /** The published name of the package at a location (differs from `nameOf` for `npm:` aliases). */
  packageNameOf(location: string): string {
    const entry = this.entries.get(this.real(location));
    return entry?.name ?? this.nameOf(location);
  }

  versionOf(location: string): string {
    return this.entries.get(this.real(location))?.version ?? "";
  }

  isLink(location: string): boolean {
    return this.entries.get(location)?.link === true;
  }

  /** The node whose node_modules this one is resolved from after its own (arborist's resolveParent). */
  resolveParent(location: string): string | null {
    if (location === "") return null;
    const nested = NESTED.exec(location);
    if (nested) return nested[1]!;
    if (TOP_LEVEL.test(location)) return "";
    const parts = location.split("/");
    for (let keep = parts.length - 1; keep > 0; keep--) {
      const candidate = parts.slice(0, keep).join("/");
      if (this.entries.has(candidate)) return candidate;
    }
    return "";
  }

  ancestry(location: string): string[] {
    const chain: string[] = [];
    for (let loc: string | null = location; loc !== null; loc = this.resolveParent(loc)) chain.push(loc);
    return chain;
  }

  depth(location: string): number {
    return this.ancestry(location).length - 1;
  }

  isDescendantOf(location: string, ancestor: string): boolean {
    return this.ancestry(location).includes(ancestor);
  }

  /** Node's resolution: my node_modules, then each resolve-parent's, up to the root. */
  resolve(from: string, name: string): string | null {
    for (let loc: string | null = from; loc !== null; loc = this.resolveParent(loc)) {
      const candidate = childLocation(loc, name);
      if (this.entries.has(candidate)) return candidate;
    }
    return null;
  }

  /** The dependency maps of a node, in arborist's edge order: workspaces, peers, prod, optional, dev. */
  private rawEdges(location: string): Array<{ name: string; spec: string; type: EdgeType }> {
    const entry = this.entries.get(location);
    if (!entry || entry.link) return [];
    const edges = new Map<string, { name: string; spec: string; type: EdgeType }>();
    const add = (deps: Record<string, string> | undefined, type: EdgeType) => {
      for (const [name, spec] of Object.entries(deps ?? {})) {
        if (edges.get(name)?.type !== "workspace") edges.set(name, { name, spec: String(spec), type });
      }
    };
    if (location === "" && entry.workspaces) {
      for (const loc of this.entries.keys()) {
        const link = this.entries.get(loc)!;
        if (TOP_LEVEL.test(loc) && link.link && typeof link.resolved === "string" && isTopLocation(link.resolved)) {
          edges.set(this.nameOf(loc), { name: this.nameOf(loc), spec: `file:${link.resolved}`, type: "workspace" });
        }
      }
    }
    const meta = entry.peerDependenciesMeta ?? {};
    const peers = Object.entries(entry.peerDependencies ?? {});
    add(Object.fromEntries(peers.filter(([n]) => !meta[n]?.optional)), "peer");
    add(Object.fromEntries(peers.filter(([n]) => meta[n]?.optional)), "peerOptional");
    add(entry.dependencies, "prod");
    add(entry.optionalDependencies, "optional");
    if (isTopLocation(location)) add(entry.devDependencies, "dev");
    return [...edges.values()];
  }

  private referencedSpec(value: string): string {
    if (!value.startsWith("$")) return value;
    const ref = value.slice(1);
    const root = this.entries.get("") ?? {};
    return root.devDependencies?.[ref] ?? root.optionalDependencies?.[ref] ?? root.dependencies?.[ref] ?? value;
  }

  private compute(): { out: Map<string, Edge[]>; in: Map<string, Edge[]> } {
    if (this.computed) return this.computed;
    const out = new Map<string, Edge[]>();
    const incoming = new Map<string, Edge[]>();
    // Override sets flow down the edges from the root, so visit breadth-first from it; nodes it
    // does not reach (extraneous ones) are visited afterwards with the root's set.
    const sets = new Map<string, OverrideSet | null>([["", this.overrides]]);
    const queue: string[] = [];
    const queued = new Set<string>();
    const visit = (from: string) => {
      const set = sets.get(from) ?? this.overrides;
      const edges: Edge[] = [];
      for (const raw of this.rawEdges(from)) {
        const rule = set ? set.ruleFor(raw.name, raw.spec) : null;
        const applies = rule !== null && rule.name === raw.name && rule.value !== null && rule.value !== "*";
        const to = this.resolve(from, raw.name);
        const edge: Edge = {
          from,
          name: raw.name,
          rawSpec: raw.spec,
          spec: applies ? this.referencedSpec(rule.value!) : raw.spec,
          type: raw.type,
          override: applies ? rule : null,
          to,
        };
        edges.push(edge);
        if (to === null) continue;
        incoming.set(to, [...(incoming.get(to) ?? []), edge]);
        const target = this.real(to);
        if (!sets.has(target)) sets.set(target, rule ?? set);
        if (!queued.has(target) && this.entries.has(target)) {
          queued.add(target);
          queue.push(target);
        }
      }
      out.set(from, edges);
    };
    for (const start of ["", ...this.entries.keys()]) {
      if (queued.has(start)) continue;
      queued.add(start);
      queue.push(start);
      while (queue.length > 0) visit(queue.shift()!);
    }
    this.computed = { out, in: incoming };
    return this.computed;
  }

  edgesOut(location: string): Edge[] {
    return this.compute().out.get(this.real(location)) ?? [];
  }

  /** Edges that resolve to exactly this location (a link's dependents are the link's, not the target's). */
  edgesIn(location: string): Edge[] {
    return this.compute().in.get(location) ?? [];
  }

  edgeOut(location: string, name: string): Edge | undefined {
    return this.edgesOut(location).find((edge) => edge.name === name);
  }

  /** Would `packageName@version` satisfy this edge, overrides included (arborist's satisfiedBy)? */
  admits(edge: Edge, packageName: string, version: string): boolean {
    if (edge.type === "workspace") return true;
    if (!edge.override) return specAdmits(edge.rawSpec, packageName, version);
    if (specAdmits(edge.spec, packageName, version)) return true;
    if (!specAdmits(edge.rawSpec, packageName, version)) return false;
    return edge.override.keySpec !== "*" && !rangeAdmits(edge.override.keySpec, version);
  }

  /** Is the edge met by what it resolves to? */
  isValid(edge: Edge): boolean {
    if (edge.to === null) return false;
    if (this.isLink(edge.to)) return edge.type === "workspace" || this.admits(edge, this.packageNameOf(edge.to), this.versionOf(edge.to));
    const entry = this.entries.get(edge.to)!;
    if (entry.inBundle || entry.hasShrinkwrap) return specAdmits(edge.rawSpec, this.packageNameOf(edge.to), this.versionOf(edge.to));
    return this.admits(edge, this.packageNameOf(edge.to), this.versionOf(edge.to));
  }

  /** Locations of every installed copy of a package (aliases included, links excluded). */
  instancesOf(packageName: string): string[] {
    return [...this.entries.keys()].filter((loc) => !isTopLocation(loc) && !this.isLink(loc) && this.packageNameOf(loc) === packageName);
  }
}
