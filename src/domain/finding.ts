import type { Severity } from "./severity.js";

export type AlertSource = "code_scanning" | "dependabot";

/** GitHub's own view of the alert, normalised across sources. */
export type AlertState = "open" | "fixed" | "dismissed";

export type Priority = "P0" | "P1" | "P2" | "P3" | "P4";

/** What secfix does with a finding after triage. */
export type TriageDecision = "act" | "record_only" | "duplicate";

export type DependencyScope = "runtime" | "development" | "unknown";

export interface RepositoryRef {
  id: number;
  /** `owner/name` at the time of the last event; ids survive renames, names do not. */
  fullName: string;
  defaultBranch: string;
}

export interface CodeLocation {
  path: string;
  startLine: number | null;
  endLine: number | null;
  startColumn?: number | null;
  endColumn?: number | null;
}

export interface Advisory {
  ghsaId: string;
  cveId: string | null;
  summary: string;
  severity: Severity;
  cvssScore: number | null;
  vulnerableRange: string | null;
  firstPatchedVersion: string | null;
  url: string | null;
}

export interface DependencyRef {
  ecosystem: string;
  name: string;
  manifestPath: string;
  scope: DependencyScope;
  relationship: "direct" | "transitive" | "unknown";
}

/**
 * An alert as secfix read it from GitHub, before triage. Ingest builds it from a webhook
 * payload or an API response; the two sources differ (see ingest/).
 */
export interface AlertSnapshot {
  source: AlertSource;
  alertNumber: number;
  state: AlertState;
  title: string;
  htmlUrl: string;
  /** null when the snapshot came from a webhook that lacks it (code scanning); triage waits for the API read. */
  severity: Severity | null;
  /** Rule id for code scanning, GHSA id for Dependabot. */
  ruleId: string;
  tool: string | null;
  cwes: string[];
  location: CodeLocation | null;
  dependency: DependencyRef | null;
  advisory: Advisory | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** `false positive`, `won't fix`, `fixed`, ...: why GitHub closed it. */
  resolutionReason: string | null;
  /** The scanner's message for the alerted instance (untrusted text). */
  message?: string | null;
  /** The rule's help text, capped (untrusted text). */
  ruleHelp?: string | null;
}

export interface Exposure {
  scope: DependencyScope;
  customerFacing: boolean;
  /** The configured globs that matched, as evidence for the decision. */
  matchedPatterns: string[];
}

export interface Triage {
  severity: Severity;
  priority: Priority;
  exposure: Exposure;
  slaDueAt: string | null;
  decision: TriageDecision;
  duplicateOf: string | null;
  /** One sentence per reason, shown to people as is. */
  reasons: string[];
}

/** One alert tracked by secfix: keyed by repository and alert, updated in place. */
export interface Finding {
  /** `<repositoryId>:<source>:<alertNumber>` */
  id: string;
  installationId: number;
  repository: RepositoryRef;
  alert: AlertSnapshot;
  triage: Triage | null;
  firstSeenAt: string;
  lastSyncedAt: string | null;
  resolvedAt: string | null;
  timeToResolutionMs: number | null;
  /** The SLA clock's record; absent until the finding is first acted on. */
  sla?: FindingSla;
}

/** Where a finding's escalation issue lives, so later passes edit it instead of opening another. */
export interface EscalationIssueRef {
  issueNumber: number;
  url: string;
}

export interface FindingSla {
  /** The due time the queued timers carry; null while the finding is not acted on. A timer with another is stale. */
  dueAt: string | null;
  /** SLA thresholds (percent) already acted on for `dueAt`. */
  notified: number[];
  /** Fix PRs labelled `sla:at-risk`, so the label comes off when the finding resolves. */
  atRiskPulls: number[];
  escalation: EscalationIssueRef | null;
}

export function findingId(repositoryId: number, source: AlertSource, alertNumber: number): string {
  return `${repositoryId}:${source}:${alertNumber}`;
}
