import semver from "semver";
import type { VulnerableRange } from "../../../domain/dependency-fix.js";
import type { Packument } from "../../../registry/packument.js";
import { vulnerabilitiesAffecting } from "./vulnerabilities-affecting.js";

export interface TargetVersion {
  ok: true;
  version: string;
  /** Newer versions passed over on the way, and why, for the PR body. */
  skippedVulnerable: string[];
  skippedDeprecated: string[];
  /** True when every safe candidate was deprecated and we took one anyway. */
  deprecated: boolean;
}

export type TargetVersionResult = TargetVersion | { ok: false; reason: string };

export interface TargetVersionOptions {
  /** Only versions strictly newer than this count (a fix never downgrades). */
  above: string | null;
  /** Prereleases are candidates only when the installed version is one. */
  allowPrerelease: boolean;
  /** Further constraint, e.g. "every dependent's declared range admits it". */
  admits?: (version: string) => boolean;
}

function describeRanges(vulnerabilities: VulnerableRange[]): string {
  return vulnerabilities.map((v) => `${v.range} (${v.ghsaId})`).join(" and ");
}

/**
 * The lowest published version outside every vulnerable range: a non-deprecated one if any exists,
 * never a prerelease unless allowed, never older than the installed version.
 */
export function chooseTargetVersion(
  packument: Packument,
  vulnerabilities: VulnerableRange[],
  options: TargetVersionOptions,
): TargetVersionResult {
  const all = Object.keys(packument.versions)
    .filter((v) => semver.valid(v) !== null)
    .sort(semver.compare);
  const candidates = all.filter(
    (v) =>
      (options.allowPrerelease || semver.prerelease(v) === null) &&
      (options.above === null || semver.gt(v, options.above)) &&
      (!options.admits || options.admits(v)),
  );
  const skippedVulnerable: string[] = [];
  const skippedDeprecated: string[] = [];
  let deprecatedFallback: string | null = null;
  for (const version of candidates) {
    const hits = vulnerabilitiesAffecting(version, vulnerabilities);
    if (hits.length > 0) {
      skippedVulnerable.push(version);
      continue;
    }
    if (packument.versions[version]?.deprecated) {
      skippedDeprecated.push(version);
      deprecatedFallback ??= version;
      continue;
    }
    return { ok: true, version, skippedVulnerable, skippedDeprecated, deprecated: false };
  }
  if (deprecatedFallback) {
    return {
      ok: true,
      version: deprecatedFallback,
      skippedVulnerable: skippedVulnerable.filter((v) => semver.lt(v, deprecatedFallback)),
      skippedDeprecated: [],
      deprecated: true,
    };
  }
  const newer = options.above ? ` newer than ${options.above}` : "";
  const within = options.admits ? " that its dependents accept" : "";
  return {
    ok: false,
    reason: `no published version of ${packument.name}${newer}${within} is outside ${describeRanges(vulnerabilities)}`,
  };
}
