import semver from "semver";
import type { DependencyPatchOutcome, DependencyPatchRequest } from "../../../domain/dependency-fix.js";
import type { NpmRegistry } from "../../../registry/npm-registry.js";
import { chooseTargetVersion } from "./choose-target-version.js";
import { declaredDependency, setDeclaredSpec } from "./declared-dependency.js";
import { parseDependencySpec } from "./dependency-spec.js";
import { describeSemverDelta } from "./describe-semver-delta.js";
import type { NpmProject } from "./locate-npm-project.js";
import { stringifyManifest } from "./parse-json-file.js";
import { raiseDeclaredRange } from "./raise-declared-range.js";
import { targetExplanation } from "./target-explanation.js";
import { vulnerabilitiesAffecting } from "./vulnerabilities-affecting.js";

/**
 * A project without a lockfile: the only thing to fix is the declared range, raised so that no
 * install can pick a vulnerable version.
 */
export async function fixManifestOnly(request: DependencyPatchRequest, project: NpmProject, registry: NpmRegistry): Promise<DependencyPatchOutcome> {
  const name = request.packageName;
  const manifest = project.manifest;
  const declared = declaredDependency(manifest.value, name);
  if (!declared) {
    return {
      status: "unsupported",
      reason: `${name} is not declared in ${manifest.path} and there is no lockfile to update; it comes in through another package`,
    };
  }
  const parsed = parseDependencySpec(declared.spec);
  const floor = parsed.kind === "range" || parsed.kind === "alias" ? semver.minVersion(parsed.range)?.version ?? null : null;
  if (floor !== null && vulnerabilitiesAffecting(floor, request.vulnerabilities).length === 0) {
    return {
      status: "no_fix",
      reason: `${manifest.path} declares ${name}@${declared.spec}, whose lowest version ${floor} is already outside the vulnerable ranges, and there is no lockfile to update`,
    };
  }
  const packument = await registry.packument(name);
  const target = chooseTargetVersion(packument, request.vulnerabilities, {
    above: floor,
    allowPrerelease: floor !== null && semver.prerelease(floor) !== null,
  });
  if (!target.ok) return { status: "no_fix", reason: target.reason };
  const raised = raiseDeclaredRange(declared.spec, name, target.version);
  if (raised.kind === "unsupported") return { status: "unsupported", reason: raised.reason };
  if (raised.kind === "unchanged") {
    return {
      status: "unsupported",
      reason: `${manifest.path} declares ${name}@${declared.spec} (${raised.note}) and there is no lockfile to pin a version in`,
    };
  }
  const edited = structuredClone(manifest.value);
  setDeclaredSpec(edited, name, raised.spec);
  const from = floor ?? declared.spec;
  return {
    status: "patched",
    strategy: "npm-direct",
    files: [{ path: manifest.path, before: manifest.text, after: stringifyManifest(edited, manifest.format) }],
    packageName: name,
    fromVersion: from,
    toVersion: target.version,
    relationship: "direct",
    chain: [`${name}@${target.version}`, "(root)"],
    explanation: [
      ...targetExplanation(name, target, request.vulnerabilities),
      `${name} is a direct dependency in ${manifest.path}: ${declared.spec} → ${raised.spec}${raised.note ? ` (${raised.note})` : ""}.`,
      ...(floor ? [`From ${floor}, the lowest version the old range allowed, this is ${describeSemverDelta(floor, target.version)}.`] : []),
      "The project has no lockfile, so only package.json changes; the next install resolves the new range.",
      ...project.notes,
    ],
  };
}
