import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import semver from "semver";
import type {
  DependencyPatchOutcome,
  DependencyPatchRequest,
  DependencyStrategy,
  FileChange,
  RepoFiles,
} from "../../../domain/dependency-fix.js";
import type { NpmRegistry } from "../../../registry/npm-registry.js";
import { addOverride } from "./add-override.js";
import { buildLegacyDependencies, type LegacyEntry } from "./build-legacy-dependencies.js";
import { chooseTargetVersion } from "./choose-target-version.js";
import { DEPENDENCY_MAPS, declaredDependency, setDeclaredSpec } from "./declared-dependency.js";
import { dependencyChain } from "./dependency-chain.js";
import { describeSemverDelta } from "./describe-semver-delta.js";
import { editManifestText, type SpecChange } from "./edit-manifest-text.js";
import type { JsonDocument, NpmProject } from "./locate-npm-project.js";
import { isTopLocation, PackageTree, type Edge, type LockEntry } from "./package-tree.js";
import { parseJsonFile, stringifyManifest } from "./parse-json-file.js";
import { admitsSafe, planParentBump, safeVersionsOf } from "./plan-parent-bump.js";
import { raiseDeclaredRange } from "./raise-declared-range.js";
import { stringifyLockfile } from "./stringify-lockfile.js";
import { summarizeTreeChanges } from "./summarize-tree-changes.js";
import { targetExplanation } from "./target-explanation.js";
import { TreeEditor } from "./tree-editor.js";
import { vulnerabilitiesAffecting } from "./vulnerabilities-affecting.js";

export interface LockedFixInput {
  request: DependencyPatchRequest;
  files: RepoFiles;
  registry: NpmRegistry;
  project: NpmProject;
  nodeVersion: string | null;
}

interface EditedManifest {
  doc: JsonDocument;
  value: Record<string, unknown>;
  changes: SpecChange[];
}

const STRATEGY_WEIGHT: DependencyStrategy[] = ["npm-transitive", "npm-direct", "npm-parent-bump", "npm-override"];
const MAX_ROUNDS = 6;
const collator = new Intl.Collator("en");

function nesting(location: string): number {
  return location.split("node_modules/").length - 1;
}

/** Does this lockfile leave registry URLs out (every installed entry without `resolved`)? */
function omitsResolved(tree: PackageTree): boolean {
  const installed = tree.locations().filter((loc) => !isTopLocation(loc) && !tree.isLink(loc) && tree.get(loc)?.integrity);
  return installed.length > 0 && installed.every((loc) => tree.get(loc)?.resolved === undefined);
}

/** The dependency maps of package.json and the lockfile's copy of them must agree, or `npm ci` already fails. */
function syncProblem(manifest: JsonDocument, entry: LockEntry | undefined, lockPath: string): string | null {
  for (const map of DEPENDENCY_MAPS) {
    const declared = (manifest.value[map] ?? {}) as Record<string, unknown>;
    const locked = (entry?.[map] ?? {}) as Record<string, unknown>;
    for (const name of new Set([...Object.keys(declared), ...Object.keys(locked)])) {
      if (declared[name] !== locked[name]) {
        const said = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
        return `${lockPath} is out of sync with ${manifest.path}: ${map}.${name} is ${said(declared[name])} in package.json but ${said(locked[name])} in the lockfile; run npm install and commit the lockfile first`;
      }
    }
  }
  return null;
}

/**
 * Fixes every vulnerable copy of the package in an npm lockfile (v2/v3 or shrinkwrap): raise
 * direct declarations, update transitive copies within their dependents' ranges, else bump the
 * parent that pins it, else (when allowed) add an override; then re-resolve what the new versions
 * need, prune what nothing needs, and write package.json and lockfile as npm would.
 */
export async function fixLockedProject(input: LockedFixInput): Promise<DependencyPatchOutcome> {
  const { request, project, registry } = input;
  const name = request.packageName;
  const vulns = request.vulnerabilities;
  const lockDoc = project.lockfile!;
  const lockDir = path.posix.dirname(lockDoc.path) === "." ? "" : path.posix.dirname(lockDoc.path);
  const lock = structuredClone(lockDoc.value) as { packages: Record<string, LockEntry>; dependencies?: Record<string, LegacyEntry> };
  const member = project.memberLocation;

  const manifests = new Map<string, EditedManifest>();
  const edit = (doc: JsonDocument): EditedManifest => ({ doc, value: structuredClone(doc.value), changes: [] });
  manifests.set("", edit(project.rootManifest));
  if (member !== "") manifests.set(member, edit(project.manifest));
  const manifestAt = async (top: string): Promise<EditedManifest | string> => {
    const known = manifests.get(top);
    if (known) return known;
    const file = [lockDir, top, "package.json"].filter(Boolean).join("/");
    const text = await input.files.read(file);
    if (text === null) return `${file} is missing although ${lockDoc.path} lists ${top}`;
    const parsed = parseJsonFile(file, text);
    if (!parsed.ok) return parsed.reason;
    const doc = edit({ path: file, text, value: parsed.value, format: parsed.format });
    manifests.set(top, doc);
    return doc;
  };

  for (const [top, manifest] of manifests) {
    const problem = syncProblem(manifest.doc, lock.packages[top], lockDoc.path);
    if (problem) return { status: "unsupported", reason: problem };
  }

  const rootManifest = manifests.get("")!;
  const tree = PackageTree.fromPackages(lock.packages, rootManifest.value.overrides);
  const before = new PackageTree(new Map(tree.entries), null);
  const vulnerable = (loc: string) => vulnerabilitiesAffecting(tree.versionOf(loc), vulns).length > 0;
  const editor = new TreeEditor(tree, registry, {
    nodeVersion: input.nodeVersion,
    omitResolved: omitsResolved(tree),
    avoid: { packageName: name, avoided: (v) => vulnerabilitiesAffecting(v, vulns).length > 0 },
  });

  const instances = tree.instancesOf(name);
  if (instances.length === 0) return { status: "no_fix", reason: `${name} is not in ${lockDoc.path}; the alert may be about an older commit` };
  const vulnerableInstances = instances.filter(vulnerable).sort((a, b) => nesting(a) - nesting(b) || collator.compare(a, b));
  if (vulnerableInstances.length === 0) {
    const versions = [...new Set(instances.map((loc) => tree.versionOf(loc)))].join(", ");
    return { status: "no_fix", reason: `every copy of ${name} in ${lockDoc.path} (${versions}) is already outside the vulnerable ranges` };
  }

  // Only now, with the local files known to be usable, ask the registry.
  const packument = await registry.packument(name);
  const targetsName = (edge: Edge) => edge.type !== "workspace" && edge.to !== null && tree.packageNameOf(edge.to) === name;
  const memberEdge = tree.edgesOut(member).find(targetsName);
  const primary = memberEdge?.to && vulnerable(memberEdge.to) ? memberEdge.to : vulnerableInstances[0]!;
  const fromVersion = tree.versionOf(primary);
  const target = chooseTargetVersion(packument, vulns, { above: fromVersion, allowPrerelease: semver.prerelease(fromVersion) !== null });
  if (!target.ok) return { status: "no_fix", reason: target.reason };
  const targetManifest = packument.versions[target.version]!;

  const strategies = new Set<DependencyStrategy>();
  const explanation = targetExplanation(name, target, vulns);
  let parentBump: { name: string; fromVersion: string; toVersion: string } | undefined;

  const raiseDeclared = async (edge: Edge, packageName: string, version: string): Promise<string | null> => {
    const manifest = await manifestAt(edge.from);
    if (typeof manifest === "string") return manifest;
    const declared = declaredDependency(manifest.value, edge.name);
    const spec = declared?.spec ?? edge.rawSpec;
    const raised = raiseDeclaredRange(spec, packageName, version);
    if (raised.kind === "unsupported") return raised.reason;
    if (raised.kind === "raised") {
      setDeclaredSpec(manifest.value, edge.name, raised.spec);
      manifest.changes.push({ name: edge.name, from: spec, to: raised.spec });
      const entry = structuredClone(tree.get(edge.from) ?? {});
      setDeclaredSpec(entry as Record<string, unknown>, edge.name, raised.spec);
      tree.set(edge.from, entry);
      explanation.push(`${manifest.doc.path} declared ${edge.name}@${spec}; it now declares ${raised.spec}${raised.note ? ` (${raised.note})` : ""}.`);
    } else {
      explanation.push(`${manifest.doc.path} keeps ${edge.name}@${spec}: ${raised.note}.`);
    }
    return null;
  };

  // 1. Direct declarations (root and workspaces) that resolve to a vulnerable copy.
  const directEdges = tree
    .locations()
    .filter(isTopLocation)
    .flatMap((top) => tree.edgesOut(top).filter((edge) => targetsName(edge) && vulnerable(edge.to!)));
  for (const edge of directEdges) {
    const problem = await raiseDeclared(edge, name, target.version);
    if (problem) return { status: "unsupported", reason: problem };
    editor.request(edge.from, edge.name, targetManifest);
    strategies.add("npm-direct");
  }
  await editor.settle();

  // 2. Transitive copies: in-range update, else parent bump, else override, else the blocking chain.
  const safe = safeVersionsOf(Object.keys(packument.versions), vulns);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const remaining = tree
      .instancesOf(name)
      .filter((loc) => vulnerable(loc) && tree.edgesIn(loc).length > 0)
      .sort((a, b) => nesting(a) - nesting(b) || collator.compare(a, b));
    if (remaining.length === 0) break;
    let progressed = false;
    for (const loc of remaining) {
      if (!tree.has(loc) || !vulnerable(loc)) continue;
      const incoming = tree.edgesIn(loc);
      if (incoming.length === 0) continue;
      const version = tree.versionOf(loc);
      const inRange = chooseTargetVersion(packument, vulns, {
        above: version,
        allowPrerelease: semver.prerelease(version) !== null,
        admits: (v) => incoming.every((edge) => tree.admits(edge, name, v)),
      });
      if (inRange.ok) {
        const chain = dependencyChain(tree, loc);
        editor.replaceInPlace(loc, packument.versions[inRange.version]!);
        strategies.add("npm-transitive");
        explanation.push(
          `${chain.join(" ← ")}: the lockfile moves ${name} ${version} → ${inRange.version} (${describeSemverDelta(version, inRange.version)}), within the range${incoming.length > 1 ? "s" : ""} ${[...new Set(incoming.map((e) => e.spec))].join(", ")} its dependents declare.`,
        );
        progressed = true;
        continue;
      }
      let blocked = incoming.filter((edge) => !safe.some((v) => tree.admits(edge, name, v)));
      if (blocked.length === 0) blocked = incoming.filter((edge) => !tree.admits(edge, name, target.version));
      for (const edge of blocked) {
        if (!tree.has(edge.from)) continue;
        if (isTopLocation(edge.from)) {
          const problem = await raiseDeclared(edge, name, target.version);
          if (problem) return { status: "unsupported", reason: problem };
          editor.request(edge.from, edge.name, targetManifest);
          strategies.add("npm-direct");
          progressed = true;
          continue;
        }
        const parentName = tree.packageNameOf(edge.from);
        const parentVersion = tree.versionOf(edge.from);
        const plan = await planParentBump(tree, edge, (spec) => admitsSafe(spec, safe), registry);
        if (plan.ok) {
          for (const bump of plan.declared) {
            const declaredEdge = tree.edgeOut(bump.top, bump.name)!;
            const problem = await raiseDeclared(declaredEdge, bump.packageName, bump.manifest.version);
            if (problem) return { status: "unsupported", reason: problem };
          }
          for (const bump of plan.inPlace) {
            if (tree.has(bump.location)) editor.replaceInPlace(bump.location, bump.manifest);
            const wants = bump.manifest.dependencies?.[edge.name] ?? bump.manifest.optionalDependencies?.[edge.name];
            const accepts = bump.location === edge.from ? `accepts a fixed ${name}${wants ? ` (it requires ${edge.name}@${wants})` : ""}` : "accepts that parent";
            explanation.push(
              `${bump.packageName} ${bump.fromVersion} → ${bump.manifest.version} (${describeSemverDelta(bump.fromVersion, bump.manifest.version)}) is the first ${bump.packageName} release that ${accepts}.`,
            );
          }
          for (const bump of plan.declared) editor.request(bump.top, bump.name, bump.manifest);
          const direct = plan.inPlace.find((b) => b.location === edge.from) ?? plan.declared.find((b) => b.packageName === parentName);
          const toVersion = direct && "manifest" in direct ? direct.manifest.version : parentVersion;
          parentBump ??= { name: parentName, fromVersion: parentVersion, toVersion };
          strategies.add("npm-parent-bump");
          progressed = true;
          continue;
        }
        if (request.allowOverrides) {
          const overrides = addOverride(rootManifest.value.overrides, parentName, name, target.version);
          rootManifest.value.overrides = overrides;
          tree.setOverrides(overrides);
          editor.revisit(edge.from);
          strategies.add("npm-override");
          explanation.push(
            `${plan.reason.charAt(0).toUpperCase()}${plan.reason.slice(1)}, so ${rootManifest.doc.path} gains the override ${JSON.stringify({ [parentName]: { [name]: target.version } })}, which forces ${name}@${target.version} below ${parentName} only.`,
          );
          progressed = true;
          continue;
        }
        const chain = [`${name}@${version}`, ...dependencyChain(tree, edge.from)];
        return {
          status: "no_fix",
          reason: `${chain.join(" ← ")}: ${plan.reason}. Allowing overrides (dependencies.allow_overrides) would let secfix force ${name}@${target.version} there.`,
          chain,
        };
      }
    }
    await editor.settle();
    if (!progressed) break;
  }

  editor.prune();
  const left = tree.instancesOf(name).filter(vulnerable);
  if (left.length > 0) {
    const chain = dependencyChain(tree, left[0]!);
    return {
      status: "no_fix",
      reason: `${chain.join(" ← ")} would still be vulnerable after every change secfix can make`,
      chain,
    };
  }
  const unmet = editor.unmetDependencies();
  if (unmet.length > 0) {
    return { status: "unsupported", reason: `the updated lockfile would not install: ${unmet.slice(0, 5).join("; ")}` };
  }

  // 3. Write the files the way npm would.
  lock.packages = Object.fromEntries(tree.entries);
  if (lock.dependencies) lock.dependencies = buildLegacyDependencies(tree, lock.dependencies);
  const files: FileChange[] = [];
  for (const manifest of manifests.values()) {
    if (isDeepStrictEqual(manifest.value, manifest.doc.value)) continue;
    const after =
      manifest.value.overrides === manifest.doc.value.overrides
        ? editManifestText(manifest.doc.text, manifest.changes, manifest.value, manifest.doc.format)
        : stringifyManifest(manifest.value, manifest.doc.format);
    files.push({ path: manifest.doc.path, before: manifest.doc.text, after });
  }
  const lockText = stringifyLockfile(lock, lockDoc.format);
  if (lockText !== lockDoc.text) files.push({ path: lockDoc.path, before: lockDoc.text, after: lockText });

  const after = memberEdge ? tree.edgeOut(member, memberEdge.name)?.to ?? null : null;
  const landing = after ?? tree.instancesOf(name).sort((a, b) => nesting(a) - nesting(b) || collator.compare(a, b))[0]!;
  const toVersion = tree.versionOf(landing);
  const strategy = STRATEGY_WEIGHT.filter((s) => strategies.has(s)).pop() ?? "npm-transitive";
  explanation.push(`${name} ${fromVersion} → ${toVersion} is ${describeSemverDelta(fromVersion, toVersion)}.`);
  explanation.push(...summarizeTreeChanges(before, tree));
  explanation.push(...project.notes);
  return {
    status: "patched",
    strategy,
    files,
    packageName: name,
    fromVersion,
    toVersion,
    relationship: memberEdge || directEdges.length > 0 ? "direct" : "transitive",
    // The alert is about the member's own declaration, so its chain runs through that member.
    chain: after ? [`${name}@${toVersion}`, member === "" ? "(root)" : `(workspace ${member})`] : dependencyChain(tree, landing),
    ...(parentBump ? { parentBump } : {}),
    explanation,
  };
}
