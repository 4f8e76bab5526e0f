import type { VulnerableRange } from "../../../domain/dependency-fix.js";
import { AdvisoryRange } from "./advisory-range.js";

export interface PipVulnerability {
  ghsaId: string;
  range: AdvisoryRange;
  firstPatchedVersion: string | null;
}

/** The request's advisories with their ranges parsed, or the first range that cannot be read. */
export function readVulnerableRanges(vulnerabilities: readonly VulnerableRange[]): { ok: PipVulnerability[] } | { unreadable: VulnerableRange } {
  const ok: PipVulnerability[] = [];
  for (const vulnerability of vulnerabilities) {
    const range = AdvisoryRange.parse(vulnerability.range);
    if (!range) return { unreadable: vulnerability };
    ok.push({ ghsaId: vulnerability.ghsaId, range, firstPatchedVersion: vulnerability.firstPatchedVersion });
  }
  return { ok };
}
