import semver from "semver";
import type { VulnerableRange } from "../../../domain/dependency-fix.js";
import { parseGithubRange } from "./parse-github-range.js";

/** The advisories whose range contains `version`; an unreadable range counts as affecting, to stay safe. */
export function vulnerabilitiesAffecting(version: string, vulnerabilities: VulnerableRange[]): VulnerableRange[] {
  return vulnerabilities.filter((vulnerability) => {
    const range = parseGithubRange(vulnerability.range);
    return range === null || semver.satisfies(version, range, { includePrerelease: true, loose: true });
  });
}
