import { baselineDurationMs, type BaselineSample } from "../domain/baseline-sample.js";
import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { Severity } from "../domain/severity.js";
import { durationStats } from "./duration-stats.js";
import { patchSuccess } from "./patch-success.js";
import { percent } from "./percent.js";
import {
  REPORT_SEVERITIES,
  type DurationStats,
  type PerSeverity,
  type Reduction,
  type SecurityReport,
  type SlaCompliance,
  type StateCounts,
} from "./security-report.js";

export interface ReportInput {
  findings: readonly Finding[];
  attempts: readonly FixAttempt[];
  baseline: readonly BaselineSample[];
  scope?: SecurityReport["scope"];
  /** `since` null: from the first record. `until` is exclusive. */
  period: { since: string | null; until: string };
  /** The manual time to resolution to compare against when a severity has no history. */
  configuredBaselineMs: number | null;
}

function severityOf(finding: Finding): Severity {
  return finding.triage?.severity ?? finding.alert.severity ?? "none";
}

function perSeverity<T>(make: (severity: Severity | null) => T): PerSeverity<T> {
  const bySeverity = Object.fromEntries(REPORT_SEVERITIES.map((severity) => [severity, make(severity)])) as Record<Severity, T>;
  return { bySeverity, overall: make(null) };
}

/** Items of one severity, or all of them for the overall row. */
function ofSeverity<T>(items: readonly T[], severity: Severity | null, severityOfItem: (item: T) => Severity): T[] {
  return severity === null ? [...items] : items.filter((item) => severityOfItem(item) === severity);
}

function stateCounts(findings: readonly Finding[]): StateCounts {
  const count = (state: Finding["alert"]["state"]) => findings.filter((finding) => finding.alert.state === state).length;
  return { open: count("open"), fixed: count("fixed"), dismissed: count("dismissed"), total: findings.length };
}

/**
 * Met: fixed at or before the due time. Missed: fixed late, or still open once the due time passed.
 * Every finding given here is due by `until` or was fixed in the period.
 */
function slaCompliance(findings: readonly Finding[]): SlaCompliance {
  const met = findings.filter(
    (finding) => finding.alert.state === "fixed" && finding.resolvedAt !== null && Date.parse(finding.resolvedAt) <= Date.parse(finding.triage!.slaDueAt!),
  ).length;
  return { due: findings.length, met, missed: findings.length - met, percent: percent(met, findings.length) };
}

function reduction(secfix: DurationStats, history: readonly number[], configuredMs: number | null): Reduction {
  const fromHistory = durationStats(history);
  const baselineMedianMs = fromHistory.medianMs ?? configuredMs;
  const baselineSource = fromHistory.medianMs !== null ? "history" : configuredMs !== null ? "configured" : null;
  return {
    secfixMedianMs: secfix.medianMs,
    baselineMedianMs,
    baselineSource,
    baselineSamples: baselineSource === "history" ? fromHistory.n : 0,
    percent: secfix.medianMs === null || baselineMedianMs === null ? null : percent(baselineMedianMs - secfix.medianMs, baselineMedianMs),
  };
}

/**
 * The security report for one scope and period, from what the store holds. Pure: the caller
 * chooses the findings, attempts and baseline samples (already narrowed to the installation or repository).
 */
export function buildReport(input: ReportInput): SecurityReport {
  const since = input.period.since === null ? Number.NEGATIVE_INFINITY : Date.parse(input.period.since);
  const until = Date.parse(input.period.until);
  const inPeriod = (time: string | null | undefined) => {
    if (!time) return false;
    const at = Date.parse(time);
    return at >= since && at < until;
  };

  const opened = input.findings.filter((finding) => inPeriod(finding.alert.createdAt));
  const fixed = input.findings.filter(
    (finding) => finding.alert.state === "fixed" && inPeriod(finding.resolvedAt) && finding.timeToResolutionMs !== null,
  );
  const timeToResolution = perSeverity((severity) =>
    durationStats(ofSeverity(fixed, severity, severityOf).map((finding) => finding.timeToResolutionMs!)),
  );
  // Dismissed alerts were neither resolved nor missed: they leave both sides. So do findings secfix
  // never ran a clock for (below the severity threshold, a source turned off, duplicates): no `sla` record.
  const slaCounted = input.findings.filter(
    (finding) =>
      finding.alert.state !== "dismissed" &&
      finding.sla !== undefined &&
      finding.triage?.slaDueAt != null &&
      (inPeriod(finding.triage.slaDueAt) || (finding.alert.state === "fixed" && inPeriod(finding.resolvedAt))),
  );
  const attempts = input.attempts.filter((attempt) => inPeriod(attempt.createdAt) && attempt.state !== "superseded");
  const samples = input.baseline.flatMap((sample) => {
    const ms = baselineDurationMs(sample);
    return ms === null ? [] : [{ severity: sample.severity, ms }];
  });

  return {
    scope: input.scope ?? { installationId: null, repository: null },
    period: { since: input.period.since, until: input.period.until },
    findings: perSeverity((severity) => stateCounts(ofSeverity(opened, severity, severityOf))),
    timeToResolution,
    patchSuccess: patchSuccess(attempts),
    slaCompliance: perSeverity((severity) => slaCompliance(ofSeverity(slaCounted, severity, severityOf))),
    reduction: perSeverity((severity) =>
      reduction(
        severity === null ? timeToResolution.overall : timeToResolution.bySeverity[severity],
        ofSeverity(samples, severity, (sample) => sample.severity).map((sample) => sample.ms),
        input.configuredBaselineMs,
      ),
    ),
  };
}
