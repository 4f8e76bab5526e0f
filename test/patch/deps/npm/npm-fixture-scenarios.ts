import type { VulnerableRange } from "../../../../src/domain/dependency-fix.js";

/** Real advisories (GitHub notation) the fixtures are built around. */
export const ADVISORIES = {
  lodash: [{ ghsaId: "GHSA-35jh-r3h4-6jhm", cveId: "CVE-2021-23337", severity: "high", range: "< 4.17.21", firstPatchedVersion: "4.17.21" }],
  qs: [{ ghsaId: "GHSA-hrpp-h998-j3pp", cveId: "CVE-2022-24999", severity: "high", range: ">= 6.5.0, < 6.5.3", firstPatchedVersion: "6.5.3" }],
  "node-fetch": [{ ghsaId: "GHSA-r683-j2x4-v87g", cveId: "CVE-2022-0235", severity: "high", range: "< 2.6.7", firstPatchedVersion: "2.6.7" }],
  minimatch: [{ ghsaId: "GHSA-f8q6-p94x-37v3", cveId: "CVE-2022-3517", severity: "high", range: "< 3.0.5", firstPatchedVersion: "3.0.5" }],
  "ansi-regex": [{ ghsaId: "GHSA-93q8-gq69-wqmw", cveId: "CVE-2021-3807", severity: "high", range: ">= 5.0.0, < 5.0.1", firstPatchedVersion: "5.0.1" }],
  minimist: [
    { ghsaId: "GHSA-xvch-5gv4-984h", cveId: "CVE-2021-44906", severity: "critical", range: "< 0.2.4", firstPatchedVersion: "0.2.4" },
    { ghsaId: "GHSA-xvch-5gv4-984h", cveId: "CVE-2021-44906", severity: "critical", range: ">= 1.0.0, < 1.2.6", firstPatchedVersion: "1.2.6" },
  ],
  axios: [{ ghsaId: "GHSA-wf5p-g6vw-rhxx", cveId: "CVE-2023-45857", severity: "moderate", range: ">= 0.8.1, < 0.28.0", firstPatchedVersion: "0.28.0" }],
  // Not a real advisory: a range chosen so that the fix (7.6.1) drops a dependency (lru-cache).
  semver: [{ ghsaId: "GHSA-test-semver", cveId: null, severity: "low", range: ">= 7.0.0, < 7.6.1", firstPatchedVersion: "7.6.1" }],
} satisfies Record<string, VulnerableRange[]>;

export type AdvisoryName = keyof typeof ADVISORIES;

/** Each fixture folder and the fixes its tests ask for (the recorder fetches what these need). */
export const SCENARIOS: Array<{ fixture: string; manifestPath: string; packageName: AdvisoryName; allowOverrides?: boolean }> = [
  { fixture: "direct-styles", manifestPath: "package-lock.json", packageName: "lodash" },
  { fixture: "direct-styles", manifestPath: "package.json", packageName: "qs" },
  { fixture: "direct-styles", manifestPath: "package-lock.json", packageName: "node-fetch" },
  { fixture: "direct-styles", manifestPath: "package-lock.json", packageName: "semver" },
  { fixture: "direct-styles", manifestPath: "package-lock.json", packageName: "minimatch" },
  { fixture: "transitive", manifestPath: "package-lock.json", packageName: "ansi-regex" },
  { fixture: "transitive", manifestPath: "package-lock.json", packageName: "minimist" },
  { fixture: "blocked", manifestPath: "package-lock.json", packageName: "minimist", allowOverrides: true },
  { fixture: "workspaces", manifestPath: "package-lock.json", packageName: "lodash" },
  { fixture: "legacy-v2", manifestPath: "package-lock.json", packageName: "node-fetch" },
  { fixture: "legacy-v2", manifestPath: "package-lock.json", packageName: "minimist" },
  { fixture: "shrinkwrap", manifestPath: "npm-shrinkwrap.json", packageName: "lodash" },
  { fixture: "omitted", manifestPath: "package-lock.json", packageName: "axios" },
];
