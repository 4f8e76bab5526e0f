import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build-report.js";
import { ATTEMPTS, BASELINE, CONFIGURED_BASELINE_MS, FINDINGS, HOUR, SINCE, UNTIL } from "./seeded-history.js";

const report = buildReport({
  findings: FINDINGS,
  attempts: ATTEMPTS,
  baseline: BASELINE,
  period: { since: SINCE, until: UNTIL },
  configuredBaselineMs: CONFIGURED_BASELINE_MS,
});

describe("buildReport on a seeded month", () => {
  it("counts findings opened in the period by severity and state, untriaged ones under none", () => {
    // #7 opened in September: not counted here.
    expect(report.findings.bySeverity).toEqual({
      critical: { open: 2, fixed: 4, dismissed: 0, total: 6 },
      high: { open: 0, fixed: 1, dismissed: 1, total: 2 },
      medium: { open: 1, fixed: 0, dismissed: 0, total: 1 },
      low: { open: 0, fixed: 1, dismissed: 0, total: 1 },
      none: { open: 1, fixed: 0, dismissed: 0, total: 1 },
    });
    expect(report.findings.overall).toEqual({ open: 4, fixed: 6, dismissed: 1, total: 11 });
  });

  it("gives median and nearest-rank p90 of time to resolution over alerts fixed in the period", () => {
    // critical 2, 4, 6, 30 h: median (4 + 6) / 2 = 5 h; p90 is rank ceil(0.9 × 4) = 4 → 30 h.
    expect(report.timeToResolution.bySeverity.critical).toEqual({ n: 4, medianMs: 5 * HOUR, p90Ms: 30 * HOUR });
    // high 24 and 312 h (#7 opened before the period, fixed in it); the dismissed #9 is no resolution.
    expect(report.timeToResolution.bySeverity.high).toEqual({ n: 2, medianMs: 168 * HOUR, p90Ms: 312 * HOUR });
    // #11 was fixed after the period.
    expect(report.timeToResolution.bySeverity.low).toEqual({ n: 0, medianMs: null, p90Ms: null });
    // 2, 4, 6, 24, 30, 312 h: median (6 + 24) / 2 = 15 h; p90 rank ceil(5.4) = 6 → 312 h.
    expect(report.timeToResolution.overall).toEqual({ n: 6, medianMs: 15 * HOUR, p90Ms: 312 * HOUR });
  });

  it("rates patches that passed every gate against every attempt that tried to patch", () => {
    // Counted: resolved+merged, awaiting_approval, gate_failed, no_fix, gating, rolled_back.
    // Left out: planned, superseded, dismissed before any patch, and one created in September.
    expect(report.patchSuccess).toEqual({ attempted: 6, passed: 3, gateFailed: 1, noFix: 1, undecided: 1, percent: 50 });
  });

  it("measures SLA compliance over due findings and fixed ones, leaving dismissed ones out", () => {
    // critical: #1-#3 met, #4 fixed late, #5 open past due; #6 is due after the period.
    expect(report.slaCompliance.bySeverity.critical).toEqual({ due: 5, met: 3, missed: 2, percent: 60 });
    // high: #8 met; #7 fixed in the period but late; #9 dismissed.
    expect(report.slaCompliance.bySeverity.high).toEqual({ due: 2, met: 1, missed: 1, percent: 50 });
    // low: #11 was due on 20 October and still open then.
    expect(report.slaCompliance.bySeverity.low).toEqual({ due: 1, met: 0, missed: 1, percent: 0 });
    expect(report.slaCompliance.bySeverity.medium).toEqual({ due: 0, met: 0, missed: 0, percent: null });
    expect(report.slaCompliance.overall).toEqual({ due: 8, met: 4, missed: 4, percent: 50 });
  });

  it("leaves out of SLA compliance the findings secfix never ran a clock for", () => {
    // #5 (critical, open past due) as if it had been recorded only (below the threshold): no `sla` record.
    const { sla: _unwatched, ...recordOnly } = FINDINGS[4]!;
    const findings = FINDINGS.map((finding, index) => (index === 4 ? recordOnly : finding));
    const partial = buildReport({ findings, attempts: ATTEMPTS, baseline: BASELINE, period: { since: SINCE, until: UNTIL }, configuredBaselineMs: CONFIGURED_BASELINE_MS });
    expect(partial.slaCompliance.bySeverity.critical).toEqual({ due: 4, met: 3, missed: 1, percent: 75 });
  });

  it("compares secfix's median with the repository's history, or the configured baseline where there is none", () => {
    // critical history 48, 72, 96 h → 72 h; 1 − 5 / 72 = 93.06 %.
    expect(report.reduction.bySeverity.critical).toEqual({
      secfixMedianMs: 5 * HOUR,
      baselineMedianMs: 72 * HOUR,
      baselineSource: "history",
      baselineSamples: 3,
      percent: 93.1,
    });
    // No high history: the configured 240 h; 1 − 168 / 240 = 30 %.
    expect(report.reduction.bySeverity.high).toEqual({
      secfixMedianMs: 168 * HOUR,
      baselineMedianMs: 240 * HOUR,
      baselineSource: "configured",
      baselineSamples: 0,
      percent: 30,
    });
    // The low sample was fixed before it was created: dropped, so the configured baseline stands; secfix fixed no low alert.
    expect(report.reduction.bySeverity.low).toMatchObject({ secfixMedianMs: null, baselineSource: "configured", percent: null });
    expect(report.reduction.bySeverity.medium).toMatchObject({ baselineMedianMs: 12 * HOUR, baselineSource: "history", baselineSamples: 1, percent: null });
    // All history 12, 48, 72, 96 h → 60 h; 1 − 15 / 60 = 75 %.
    expect(report.reduction.overall).toEqual({
      secfixMedianMs: 15 * HOUR,
      baselineMedianMs: 60 * HOUR,
      baselineSource: "history",
      baselineSamples: 4,
      percent: 75,
    });
  });

  it("reports a negative reduction when secfix is slower than the baseline", () => {
    const slower = buildReport({ findings: FINDINGS, attempts: [], baseline: [], period: { since: SINCE, until: UNTIL }, configuredBaselineMs: 100 * HOUR });
    // 1 − 168 / 100 = −68 %.
    expect(slower.reduction.bySeverity.high.percent).toBe(-68);
  });

  it("has no baseline at all without history or a configured one", () => {
    const bare = buildReport({ findings: FINDINGS, attempts: ATTEMPTS, baseline: [], period: { since: SINCE, until: UNTIL }, configuredBaselineMs: null });
    expect(bare.reduction.overall).toEqual({ secfixMedianMs: 15 * HOUR, baselineMedianMs: null, baselineSource: null, baselineSamples: 0, percent: null });
  });

  it("takes everything up to the end when the period has no start", () => {
    const all = buildReport({ findings: FINDINGS, attempts: ATTEMPTS, baseline: BASELINE, period: { since: null, until: UNTIL }, configuredBaselineMs: null });
    expect(all.findings.overall.total).toBe(12);
    expect(all.patchSuccess.attempted).toBe(7);
    expect(all.period).toEqual({ since: null, until: UNTIL });
  });
});

describe("buildReport with no data", () => {
  it("says null where there is nothing to measure, never NaN or Infinity", () => {
    const empty = buildReport({ findings: [], attempts: [], baseline: [], period: { since: SINCE, until: UNTIL }, configuredBaselineMs: null });
    expect(empty.findings.overall).toEqual({ open: 0, fixed: 0, dismissed: 0, total: 0 });
    expect(empty.timeToResolution.overall).toEqual({ n: 0, medianMs: null, p90Ms: null });
    expect(empty.patchSuccess).toEqual({ attempted: 0, passed: 0, gateFailed: 0, noFix: 0, undecided: 0, percent: null });
    expect(empty.slaCompliance.overall.percent).toBeNull();
    expect(empty.reduction.overall.percent).toBeNull();
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
  });

  it("gives no reduction against a zero baseline", () => {
    const zero = buildReport({ findings: FINDINGS, attempts: [], baseline: [], period: { since: SINCE, until: UNTIL }, configuredBaselineMs: 0 });
    expect(zero.reduction.overall).toMatchObject({ baselineMedianMs: 0, baselineSource: "configured", percent: null });
  });
});

describe("patch success when an attempt moved on after passing", () => {
  it("counts a fix by where it stands now, so the columns add up", () => {
    const passedThenTaken = { ...ATTEMPTS[0]!, state: "no_fix" as const, gates: { headSha: "a", startedAt: SINCE, evaluatedAt: SINCE, outcome: "passed" as const, verdicts: [], checkRunId: null } };
    const report = buildReport({ findings: FINDINGS, attempts: [passedThenTaken], baseline: [], period: { since: SINCE, until: UNTIL }, configuredBaselineMs: null });
    expect(report.patchSuccess).toMatchObject({ attempted: 1, passed: 0, noFix: 1, undecided: 0 });
  });
});
