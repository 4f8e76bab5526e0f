import type { PypiRelease } from "../../../registry/pypi-registry.js";
import { admitsVulnerableVersion } from "./admits-vulnerable-version.js";
import { Pep440Specifier } from "./pep440-specifier.js";
import { Pep440Version } from "./pep440-version.js";
import type { PipVulnerability } from "./read-vulnerable-ranges.js";
import { retargetSpecifier } from "./retarget-specifier.js";
import type { VersionBound } from "./version-interval.js";

/** One place that names the package: its specifier, and how to name it in a sentence. */
export interface RequirementSite {
  specifier: Pep440Specifier;
  /** E.g. "`jinja2>=2.10,<3` (requirements.txt line 4)". */
  label: string;
}

export type TargetChoice =
  | {
      kind: "target";
      version: Pep440Version;
      /** The version as PyPI spells it, for its per-release URL. */
      releaseKey: string;
      /** Per site, the specifier to write, or null when the site already excludes every vulnerable version. */
      specifiers: (string | null)[];
      /** Why this version, for the PR body. */
      notes: string[];
    }
  | { kind: "none"; reason: string };

interface Candidate {
  key: string;
  version: Pep440Version;
  release: PypiRelease;
}

function tighterLower(a: VersionBound | null, b: VersionBound | null): VersionBound | null {
  if (a === null || b === null) return a ?? b;
  const order = a.version.compare(b.version);
  return order > 0 || (order === 0 && !a.inclusive) ? a : b;
}

function below(version: Pep440Version, floor: VersionBound | null): boolean {
  if (floor === null) return false;
  const order = version.compare(floor.version);
  return order < 0 || (order === 0 && !floor.inclusive);
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function describeRanges(vulnerabilities: readonly PipVulnerability[]): string {
  return vulnerabilities.map((v) => `${v.ghsaId}: ${v.range.text}`).join("; ");
}

/**
 * Picks the one version every site will move to: the lowest release on PyPI that is outside every
 * vulnerable range, not yanked, installable, not older than what the sites already require, not a
 * pre-release unless a site asks for pre-releases, and that every site admits once its minimum
 * is moved (upper bounds are never lifted). Every release passed over on the way is a note.
 */
export function chooseTargetVersion(input: {
  packageName: string;
  releases: Record<string, PypiRelease>;
  vulnerabilities: readonly PipVulnerability[];
  sites: readonly RequirementSite[];
}): TargetChoice {
  const { packageName, vulnerabilities, sites } = input;
  const needsChange = sites.map((site) => admitsVulnerableVersion(site.specifier, vulnerabilities));
  // Never older than what a changing site already requires: a fix is not a downgrade.
  let floor: VersionBound | null = null;
  for (const [i, site] of sites.entries()) {
    if (needsChange[i]) floor = tighterLower(floor, site.specifier.interval().lower);
  }
  const prereleases = sites.some((site, i) => needsChange[i] && site.specifier.prereleases);

  const candidates: Candidate[] = Object.entries(input.releases)
    .flatMap(([key, release]) => {
      const version = Pep440Version.parse(key);
      return version ? [{ key, version, release }] : [];
    })
    .sort((a, b) => a.version.compare(b.version));

  const yanked: string[] = [];
  const skippedPrereleases: string[] = [];
  const empty: string[] = [];
  let blocked: { version: Pep440Version; site: RequirementSite } | null = null;

  for (const candidate of candidates) {
    const { version } = candidate;
    if (below(version, floor)) continue;
    if (vulnerabilities.some((v) => v.range.contains(version))) continue;
    if (version.isPrerelease && !prereleases) {
      skippedPrereleases.push(candidate.key);
      continue;
    }
    if (candidate.release.yanked) {
      yanked.push(candidate.key);
      continue;
    }
    if (candidate.release.files.length === 0) {
      empty.push(candidate.key);
      continue;
    }
    const specifiers = sites.map((site, i) => (needsChange[i] ? retargetSpecifier(site.specifier, version) : null));
    const failing = sites.find((site, i) => {
      const after = specifiers[i] === null ? site.specifier : Pep440Specifier.parse(specifiers[i]!);
      return !after || !after.contains(version, { prereleases: version.isPrerelease }) || admitsVulnerableVersion(after, vulnerabilities);
    });
    if (failing) {
      blocked ??= { version, site: failing };
      continue;
    }
    const notes = [`${packageName} ${version} is the lowest release on PyPI outside every vulnerable range (${describeRanges(vulnerabilities)}) that the requirement${sites.length === 1 ? "" : "s"} can move to.`];
    if (yanked.length > 0) notes.push(`Passed over ${list(yanked)}: yanked on PyPI.`);
    if (skippedPrereleases.length > 0) notes.push(`Passed over pre-release${skippedPrereleases.length === 1 ? "" : "s"} ${list(skippedPrereleases)}: the requirement does not ask for pre-releases.`);
    if (empty.length > 0) notes.push(`Passed over ${list(empty)}: PyPI has no files for ${empty.length === 1 ? "it" : "them"}.`);
    return { kind: "target", version, releaseKey: candidate.key, specifiers, notes };
  }

  if (blocked) {
    return {
      kind: "none",
      reason: `${blocked.site.label} cannot admit ${packageName} ${blocked.version}, the lowest release outside every vulnerable range, without lifting an upper bound or exclusion; secfix leaves that choice to people. Change it by hand if that upgrade is acceptable.`,
    };
  }
  const from = floor ? ` from ${floor.version} on` : "";
  let reason = `No release of ${packageName} on PyPI${from} is outside every vulnerable range (${describeRanges(vulnerabilities)}).`;
  const passedOver = [
    ...(yanked.length > 0 ? [`yanked ${list(yanked)}`] : []),
    ...(skippedPrereleases.length > 0 ? [`pre-release${skippedPrereleases.length === 1 ? "" : "s"} ${list(skippedPrereleases)}`] : []),
    ...(empty.length > 0 ? [`${list(empty)} (no files)`] : []),
  ];
  if (passedOver.length > 0) {
    reason = `No installable release of ${packageName} on PyPI${from} is outside every vulnerable range (${describeRanges(vulnerabilities)}); only ${list(passedOver)} would be, and secfix does not pick those.`;
  }
  const patched = vulnerabilities.flatMap((v) => (v.firstPatchedVersion ? [v.firstPatchedVersion] : []));
  if (patched.length === 0) reason += ` The advisor${vulnerabilities.length === 1 ? "y lists" : "ies list"} no patched version.`;
  else if (passedOver.length === 0) reason += ` The first patched version named by the advisory (${list([...new Set(patched)])}) is not an installable release on PyPI yet.`;
  return { kind: "none", reason };
}
