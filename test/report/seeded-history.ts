import type { BaselineSample } from "../../src/domain/baseline-sample.js";
import type { AlertState, Finding, Triage } from "../../src/domain/finding.js";
import { newFixAttempt, type FixAttempt, type FixAttemptState } from "../../src/domain/fix-attempt.js";
import type { Severity } from "../../src/domain/severity.js";
import { codeScanningSnapshot, findingFrom } from "../factories/finding.js";

/**
 * One month of one repository's history, with answers worked out by hand in build-report.test.ts.
 * The period is October 2026: [2026-10-01, 2026-11-01).
 */
export const SINCE = "2026-10-01T00:00:00.000Z";
export const UNTIL = "2026-11-01T00:00:00.000Z";
export const INSTALLATION_ID = 14662836;
export const REPOSITORY = { id: 186853002, fullName: "Codertocat/Hello-World", defaultBranch: "main" };

export const HOUR = 3_600_000;

/** A time in 2026: `at("10-02")` is 2 October at midnight UTC, plus `hours`. */
export function at(monthDay: string, hours = 0): string {
  return new Date(Date.parse(`2026-${monthDay}T00:00:00.000Z`) + hours * HOUR).toISOString();
}

interface FindingSeed {
  number: number;
  severity: Severity | null;
  state: AlertState;
  createdAt: string;
  /** Hours from creation to the fix (or dismissal). */
  resolvedAfterHours?: number;
  /** Hours from creation to the SLA due time; none when omitted. */
  slaHours?: number;
}

function finding(seed: FindingSeed): Finding {
  const resolvedAt = seed.resolvedAfterHours === undefined ? null : new Date(Date.parse(seed.createdAt) + seed.resolvedAfterHours * HOUR).toISOString();
  const alert = codeScanningSnapshot({ alertNumber: seed.number, state: seed.state, severity: seed.severity, createdAt: seed.createdAt, updatedAt: seed.createdAt, resolvedAt });
  const triage: Triage | null =
    seed.severity === null
      ? null
      : {
          severity: seed.severity,
          priority: "P1",
          exposure: { scope: "runtime", customerFacing: false, matchedPatterns: [] },
          slaDueAt: seed.slaHours === undefined ? null : new Date(Date.parse(seed.createdAt) + seed.slaHours * HOUR).toISOString(),
          decision: "act",
          duplicateOf: null,
          reasons: [],
        };
  const dueAt = triage?.slaDueAt ?? null;
  return findingFrom(alert, {
    installationId: INSTALLATION_ID,
    repository: REPOSITORY,
    triage,
    // secfix acted on every triaged finding here, so its SLA clock ran (and stopped once resolved).
    ...(dueAt && { sla: { dueAt: seed.state === "open" ? dueAt : null, notified: [], atRiskPulls: [], escalation: null } }),
    resolvedAt,
    timeToResolutionMs: seed.resolvedAfterHours === undefined ? null : seed.resolvedAfterHours * HOUR,
  });
}

export const FINDINGS: Finding[] = [
  // critical, SLA 24 h
  finding({ number: 1, severity: "critical", state: "fixed", createdAt: at("10-02"), resolvedAfterHours: 2, slaHours: 24 }),
  finding({ number: 2, severity: "critical", state: "fixed", createdAt: at("10-05"), resolvedAfterHours: 4, slaHours: 24 }),
  finding({ number: 3, severity: "critical", state: "fixed", createdAt: at("10-10"), resolvedAfterHours: 6, slaHours: 24 }),
  finding({ number: 4, severity: "critical", state: "fixed", createdAt: at("10-12"), resolvedAfterHours: 30, slaHours: 24 }),
  finding({ number: 5, severity: "critical", state: "open", createdAt: at("10-20"), slaHours: 24 }),
  // Due on 1 November at noon: after the period, so not yet due.
  finding({ number: 6, severity: "critical", state: "open", createdAt: at("10-31", 12), slaHours: 24 }),
  // high, SLA 7 days: #7 opened before the period and was fixed, late, inside it.
  finding({ number: 7, severity: "high", state: "fixed", createdAt: at("09-20"), resolvedAfterHours: 312, slaHours: 168 }),
  finding({ number: 8, severity: "high", state: "fixed", createdAt: at("10-04"), resolvedAfterHours: 24, slaHours: 168 }),
  finding({ number: 9, severity: "high", state: "dismissed", createdAt: at("10-06"), resolvedAfterHours: 24, slaHours: 168 }),
  // medium: due in November.
  finding({ number: 10, severity: "medium", state: "open", createdAt: at("10-15"), slaHours: 720 }),
  // low: due 20 October, fixed only on 3 November (after the period).
  finding({ number: 11, severity: "low", state: "fixed", createdAt: at("10-08"), resolvedAfterHours: 624, slaHours: 288 }),
  // not triaged yet: no severity.
  finding({ number: 12, severity: null, state: "open", createdAt: at("10-09") }),
];

function attempt(planKey: string, state: FixAttemptState, createdAt: string, extra: Partial<FixAttempt> = {}): FixAttempt {
  return { ...newFixAttempt({ installationId: INSTALLATION_ID, repository: REPOSITORY, planKey, findingIds: [FINDINGS[0]!.id], now: createdAt }), state, ...extra };
}

function pull(number: number, state: "open" | "closed" | "merged"): FixAttempt["pullRequest"] {
  return { number, url: `https://github.com/Codertocat/Hello-World/pull/${number}`, branch: `secfix/fix-${number}`, headSha: "a".repeat(40), adoptedFrom: null, state };
}

function gates(outcome: "passed" | "failed" | "pending"): FixAttempt["gates"] {
  return { headSha: "a".repeat(40), startedAt: at("10-02"), evaluatedAt: at("10-02"), outcome, verdicts: [], checkRunId: null };
}

export const ATTEMPTS: FixAttempt[] = [
  attempt("a1", "resolved", at("10-02"), {
    pullRequest: pull(1, "merged"),
    gates: gates("passed"),
    merge: { headSha: "a".repeat(40), method: "api", requestedAt: at("10-02"), status: "merged", note: "" },
  }),
  attempt("a2", "awaiting_approval", at("10-03"), { pullRequest: pull(2, "open"), gates: gates("passed") }),
  attempt("a3", "gate_failed", at("10-04"), { pullRequest: pull(3, "open"), gates: gates("failed") }),
  attempt("a4", "no_fix", at("10-05"), { reason: "no patched version exists" }),
  attempt("a5", "gating", at("10-06"), { pullRequest: pull(5, "open"), gates: gates("pending") }),
  attempt("a6", "planned", at("10-07")),
  attempt("a7", "superseded", at("10-08"), { pullRequest: pull(7, "closed"), gates: gates("passed") }),
  // The alert was dismissed before secfix wrote anything.
  attempt("a8", "dismissed", at("10-09")),
  // Before the period.
  attempt("a9", "merging", at("09-15"), { pullRequest: pull(9, "open"), gates: gates("passed") }),
  attempt("a10", "rolled_back", at("10-10"), { pullRequest: pull(10, "merged"), gates: gates("passed") }),
];

function sample(alertNumber: number, severity: Severity, hours: number, createdAt = at("03-01")): BaselineSample {
  return {
    repositoryId: REPOSITORY.id,
    repository: REPOSITORY.fullName,
    installationId: INSTALLATION_ID,
    source: "dependabot",
    alertNumber,
    severity,
    createdAt,
    fixedAt: new Date(Date.parse(createdAt) + hours * HOUR).toISOString(),
  };
}

export const BASELINE: BaselineSample[] = [
  sample(101, "critical", 48),
  sample(102, "critical", 72),
  sample(103, "critical", 96),
  sample(104, "medium", 12),
  // Fixed before it was created: nonsense dates, left out.
  sample(105, "low", -5),
];

/** The --baseline a team would configure: 10 days. */
export const CONFIGURED_BASELINE_MS = 240 * HOUR;
