import semver from "semver";
import type { VulnerableRange } from "../../../domain/dependency-fix.js";
import type { NpmRegistry } from "../../../registry/npm-registry.js";
import type { PackumentVersion } from "../../../registry/packument.js";
import { parseDependencySpec, rangeAdmits } from "./dependency-spec.js";
import { isTopLocation, type Edge, type PackageTree } from "./package-tree.js";
import { raiseDeclaredRange } from "./raise-declared-range.js";
import { vulnerabilitiesAffecting } from "./vulnerabilities-affecting.js";

/** A package replaced in place by a newer release. */
export interface InPlaceBump {
  location: string;
  packageName: string;
  fromVersion: string;
  manifest: PackumentVersion;
}

/** A direct dependency whose declared range must rise to take a bumped parent. */
export interface DeclaredBump {
  top: string;
  name: string;
  packageName: string;
  fromSpec: string;
  toSpec: string;
  fromVersion: string;
  manifest: PackumentVersion;
}

export type ParentBumpPlan =
  | { ok: true; inPlace: InPlaceBump[]; declared: DeclaredBump[] }
  | { ok: false; reason: string };

const MAX_DEPTH = 6;

function dependencySpec(manifest: PackumentVersion, name: string): string | undefined {
  return manifest.dependencies?.[name] ?? manifest.optionalDependencies?.[name] ?? manifest.peerDependencies?.[name];
}

/** Does a grandparent's specifier for the bumped parent admit the release we picked (no longer depending counts)? */
function specAdmitsVersion(spec: string | undefined, version: string): boolean {
  if (spec === undefined) return true;
  const parsed = parseDependencySpec(spec);
  return (parsed.kind === "range" || parsed.kind === "alias") && rangeAdmits(parsed.range, version);
}

/** Does a dependent's specifier for the vulnerable package admit some safe published version? */
function admitsSafe(spec: string | undefined, safeVersions: string[]): boolean {
  if (spec === undefined) return true;
  const parsed = parseDependencySpec(spec);
  if (parsed.kind !== "range" && parsed.kind !== "alias") return false;
  return safeVersions.some((v) => rangeAdmits(parsed.range, v));
}

/**
 * The lowest newer release of the package behind `edge.from` whose own range for the blocked
 * dependency admits `wanted`, walking up the chain when that release is outside its dependents'
 * ranges: each ancestor is bumped in place when its dependents accept it, and a direct dependency
 * has its declared range raised. Fails with the reason when no release anywhere up the chain helps.
 */
export async function planParentBump(
  tree: PackageTree,
  edge: Edge,
  wanted: (spec: string | undefined) => boolean,
  registry: NpmRegistry,
  depth = 0,
): Promise<ParentBumpPlan> {
  const parent = edge.from;
  const parentName = tree.packageNameOf(parent);
  const parentVersion = tree.versionOf(parent);
  if (depth >= MAX_DEPTH) return { ok: false, reason: `the chain above ${parentName}@${parentVersion} is too deep to search` };
  const packument = await registry.packument(parentName);
  const prerelease = semver.prerelease(parentVersion) !== null;
  const newer = Object.keys(packument.versions)
    .filter((v) => semver.valid(v) !== null && semver.gt(v, parentVersion) && (prerelease || semver.prerelease(v) === null))
    .sort(semver.compare);
  // Non-deprecated releases first, as for the target version.
  const ordered = [...newer.filter((v) => !packument.versions[v]!.deprecated), ...newer.filter((v) => packument.versions[v]!.deprecated)];
  const fitting = ordered.filter((v) => wanted(dependencySpec(packument.versions[v]!, edge.name)));
  if (fitting.length === 0) {
    return {
      ok: false,
      reason: `no release of ${parentName} newer than ${parentVersion} accepts a fixed ${tree.packageNameOf(edge.to ?? "") || edge.name} (${parentName}@${parentVersion} requires ${edge.name}@${edge.spec})`,
    };
  }
  let lastReason = "";
  for (const version of fitting) {
    const manifest = packument.versions[version]!;
    const incoming = tree.edgesIn(parent);
    const blocked = incoming.filter((e) => !tree.admits(e, parentName, version));
    if (blocked.length === 0) {
      return { ok: true, inPlace: [{ location: parent, packageName: parentName, fromVersion: parentVersion, manifest }], declared: [] };
    }
    const inPlace: InPlaceBump[] = [];
    const declared: DeclaredBump[] = [];
    let failed: string | null = null;
    for (const up of blocked) {
      if (isTopLocation(up.from)) {
        const raised = raiseDeclaredRange(up.rawSpec, parentName, version);
        if (raised.kind === "unsupported") {
          failed = raised.reason;
          break;
        }
        declared.push({ top: up.from, name: up.name, packageName: parentName, fromSpec: up.rawSpec, toSpec: raised.spec, fromVersion: parentVersion, manifest });
        continue;
      }
      const plan = await planParentBump(tree, up, (spec) => specAdmitsVersion(spec, version), registry, depth + 1);
      if (!plan.ok) {
        failed = plan.reason;
        break;
      }
      inPlace.push(...plan.inPlace);
      declared.push(...plan.declared);
    }
    if (failed === null) {
      // The dependents that already accept the new release keep resolving to it where it stands.
      return { ok: true, inPlace: [...inPlace, { location: parent, packageName: parentName, fromVersion: parentVersion, manifest }], declared };
    }
    lastReason = failed;
  }
  return { ok: false, reason: lastReason };
}

/** Safe versions of the vulnerable package, for `admitsSafe`. */
export function safeVersionsOf(versions: string[], vulnerabilities: VulnerableRange[]): string[] {
  return versions.filter((v) => semver.valid(v) !== null && vulnerabilitiesAffecting(v, vulnerabilities).length === 0);
}

export { admitsSafe };
