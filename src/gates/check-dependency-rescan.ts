/**
 * The re-scan gate for a dependency fix: read the versions the fixed files make the project
 * install and check each against every advisory the fix is for. Offline on purpose: the
 * advisories' ranges are known, and waiting for Dependabot to re-scan a branch it never scans
 * would hold every fix.
 *
 * - A resolved version inside any advisory's range, or a range that cannot be read: failed.
 * - A package no given file resolves (absent, only ranges, unreadable file): failed, since secfix
 *   cannot show the fix took.
 * - A resolved version that is not a version of the ecosystem (a git URL, `file:`): failed.
 * - Otherwise passed, naming each version and file.
 */
import semver from "semver";
import type { VulnerableRange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";
import { parseGithubRange } from "../patch/deps/npm/parse-github-range.js";
import { AdvisoryRange } from "../patch/deps/pip/advisory-range.js";
import { Pep440Version } from "../patch/deps/pip/pep440-version.js";
import { resolvedVersions } from "./resolved-versions.js";

export interface DependencyRescanInput {
  ecosystem: string;
  /** The fixed files as they are on the PR head. */
  files: { path: string; text: string }[];
  packages: { name: string; vulnerabilities: VulnerableRange[] }[];
}

const GATE = "rescan";

type RangeCheck = { inside: boolean } | { unreadable: "range" | "version" };

/** Is `version` inside `range`, in the ecosystem's own version rules? */
function inRange(ecosystem: string, version: string, range: string): RangeCheck {
  if (ecosystem === "pip") {
    const parsed = Pep440Version.parse(version);
    if (!parsed) return { unreadable: "version" };
    const advisory = AdvisoryRange.parse(range);
    return advisory ? { inside: advisory.contains(parsed) } : { unreadable: "range" };
  }
  if (semver.valid(version, { loose: true }) === null) return { unreadable: "version" };
  const parsed = parseGithubRange(range);
  return parsed ? { inside: semver.satisfies(version, parsed, { includePrerelease: true, loose: true }) } : { unreadable: "range" };
}

interface Located {
  version: string;
  paths: string[];
}

/** Each distinct version with the files that resolve it; null when no file can tell. */
function locate(ecosystem: string, files: DependencyRescanInput["files"], name: string): Located[] | null {
  const byVersion = new Map<string, string[]>();
  let told = false;
  for (const file of files) {
    const versions = resolvedVersions(ecosystem, file.path, file.text, name);
    if (versions === null) continue;
    told = true;
    for (const version of versions) byVersion.set(version, [...(byVersion.get(version) ?? []), file.path]);
  }
  if (!told || byVersion.size === 0) return null;
  return [...byVersion].map(([version, paths]) => ({ version, paths }));
}

export function checkDependencyRescan(input: DependencyRescanInput): GateVerdict {
  const problems: string[] = [];
  const fine: string[] = [];
  if (input.packages.length === 0) return failed(GATE, ["the fix names no package to re-check"]);
  for (const pkg of input.packages) {
    const located = locate(input.ecosystem, input.files, pkg.name);
    if (located === null) {
      const where = input.files.length ? input.files.map((file) => file.path).join(", ") : "no files";
      problems.push(`cannot find the resolved version of ${pkg.name} in ${where}; secfix reads package-lock.json, npm-shrinkwrap.json, requirements files and pyproject.toml pins`);
      continue;
    }
    for (const { version, paths } of located) {
      const at = `${pkg.name} ${version} in ${paths.join(", ")}`;
      let clean = true;
      for (const vulnerability of pkg.vulnerabilities) {
        const check = inRange(input.ecosystem, version, vulnerability.range);
        if ("unreadable" in check) {
          clean = false;
          problems.push(
            check.unreadable === "version"
              ? `${at} is not a version secfix can compare by ${input.ecosystem} rules, so it cannot tell whether it is outside ${vulnerability.ghsaId} \`${vulnerability.range}\``
              : `${at}: the range of ${vulnerability.ghsaId} (\`${vulnerability.range}\`) cannot be read, so secfix counts the version as vulnerable`,
          );
        } else if (check.inside) {
          clean = false;
          problems.push(`${at} is still inside ${vulnerability.ghsaId} \`${vulnerability.range}\``);
        }
      }
      if (clean) {
        const ranges = pkg.vulnerabilities.map((v) => `${v.ghsaId} \`${v.range}\``).join(", ");
        fine.push(`${at} is outside every vulnerable range${ranges ? ` (${ranges})` : ""}`);
      }
    }
  }
  return problems.length > 0 ? failed(GATE, [...problems, ...fine]) : passed(GATE, fine);
}
