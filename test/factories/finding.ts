import type { AlertSnapshot, Finding } from "../../src/domain/finding.js";
import { findingId } from "../../src/domain/finding.js";

const REPOSITORY = { id: 186853002, fullName: "Codertocat/Hello-World", defaultBranch: "main" };

export function codeScanningSnapshot(overrides: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return {
    source: "code_scanning",
    alertNumber: 7,
    state: "open",
    title: "Database query built from user-controlled sources",
    htmlUrl: "https://github.com/Codertocat/Hello-World/security/code-scanning/7",
    severity: "high",
    ruleId: "js/sql-injection",
    tool: "CodeQL",
    cwes: ["CWE-89"],
    location: { path: "src/api/users.js", startLine: 12, endLine: 12 },
    dependency: null,
    advisory: null,
    createdAt: "2026-11-20T10:00:00Z",
    updatedAt: "2026-11-20T10:00:00Z",
    resolvedAt: null,
    resolutionReason: null,
    ...overrides,
  };
}

export function dependabotSnapshot(overrides: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return {
    source: "dependabot",
    alertNumber: 3,
    state: "open",
    title: "Prototype Pollution in lodash",
    htmlUrl: "https://github.com/Codertocat/Hello-World/security/dependabot/3",
    severity: "critical",
    ruleId: "GHSA-p6mc-m468-83gw",
    tool: "dependabot",
    cwes: ["CWE-1321"],
    location: { path: "package.json", startLine: null, endLine: null },
    dependency: { ecosystem: "npm", name: "lodash", manifestPath: "package.json", scope: "runtime", relationship: "direct" },
    advisory: {
      ghsaId: "GHSA-p6mc-m468-83gw",
      cveId: "CVE-2020-8203",
      summary: "Prototype Pollution in lodash",
      severity: "critical",
      cvssScore: 9.1,
      vulnerableRange: "< 4.17.19",
      firstPatchedVersion: "4.17.19",
      url: "https://github.com/advisories/GHSA-p6mc-m468-83gw",
    },
    createdAt: "2026-11-20T10:00:00Z",
    updatedAt: "2026-11-20T10:00:00Z",
    resolvedAt: null,
    resolutionReason: null,
    ...overrides,
  };
}

export function findingFrom(alert: AlertSnapshot, overrides: Partial<Finding> = {}): Finding {
  return {
    id: findingId(REPOSITORY.id, alert.source, alert.alertNumber),
    installationId: 14662836,
    repository: REPOSITORY,
    alert,
    triage: null,
    firstSeenAt: alert.createdAt,
    lastSyncedAt: null,
    resolvedAt: null,
    timeToResolutionMs: null,
    ...overrides,
  };
}
