import type { Pep440Specifier } from "./pep440-specifier.js";
import type { PipVulnerability } from "./read-vulnerable-ranges.js";

/**
 * Could a requirement with this specifier install a vulnerable version, now or after a future
 * release? Judged on version spans, not on what PyPI lists today, so a fix stays a fix.
 */
export function admitsVulnerableVersion(specifier: Pep440Specifier, vulnerabilities: readonly PipVulnerability[]): boolean {
  const admitted = specifier.interval();
  return vulnerabilities.some((vulnerability) => admitted.overlaps(vulnerability.range.interval));
}
