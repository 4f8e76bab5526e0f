import type { Severity } from "../domain/severity.js";
import { formatSpan } from "./format-span.js";
import { REPORT_SEVERITIES, type PerSeverity, type Reduction, type SecurityReport } from "./security-report.js";

/** Lays out one table; the CLI passes its own, so the report needs nothing from the terminal side. */
export type TableFormatter = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

const NONE = "—";

function span(ms: number | null): string {
  return ms === null ? NONE : formatSpan(ms);
}

function pct(value: number | null): string {
  return value === null ? NONE : `${value}%`;
}

function label(severity: Severity | null): string {
  if (severity === null) return "all";
  return severity === "none" ? "none/unknown" : severity;
}

function rows<T>(table: PerSeverity<T>, cells: (row: T) => string[]): string[][] {
  return [...REPORT_SEVERITIES.map((severity) => [label(severity), ...cells(table.bySeverity[severity])]), [label(null), ...cells(table.overall)]];
}

function baselineText(reduction: Reduction): string {
  if (reduction.baselineSource === "history") return `history of ${reduction.baselineSamples} alert${reduction.baselineSamples === 1 ? "" : "s"}`;
  if (reduction.baselineSource === "configured") return "configured";
  return NONE;
}

function scopeText(scope: SecurityReport["scope"]): string {
  const parts = [scope.installationId === null ? "all installations" : `installation ${scope.installationId}`];
  parts.push(scope.repository ?? "all repositories");
  return parts.join(", ");
}

/** The report as people read it in a terminal: one titled table per metric, "—" where there is no data. */
export function renderReport(report: SecurityReport, table: TableFormatter): string {
  const { patchSuccess: patches } = report;
  const sections = [
    `secfix report: ${scopeText(report.scope)}\n` +
      `Period: ${report.period.since ?? "the first record"} to ${report.period.until} (end excluded)\n`,
    "Findings opened in the period, by their state on GitHub now\n" +
      table(["SEVERITY", "OPEN", "FIXED", "DISMISSED", "TOTAL"], rows(report.findings, (c) => [c.open, c.fixed, c.dismissed, c.total].map(String))),
    "Time to resolution of alerts fixed in the period (created to fixed on GitHub)\n" +
      table(["SEVERITY", "N", "MEDIAN", "P90"], rows(report.timeToResolution, (s) => [String(s.n), span(s.medianMs), span(s.p90Ms)])),
    "Patch success (fixes that passed every gate / fixes attempted)\n" +
      "Attempted: secfix tried to write a patch, including when it found none; attempts still planning,\n" +
      "superseded ones and ones closed before any patch are left out.\n" +
      table(
        ["ATTEMPTED", "PASSED", "GATE FAILED", "NO FIX", "UNDECIDED", "SUCCESS"],
        [[patches.attempted, patches.passed, patches.gateFailed, patches.noFix, patches.undecided].map(String).concat(pct(patches.percent))],
      ),
    "SLA compliance (fixed within the SLA / due; dismissed alerts left out)\n" +
      table(["SEVERITY", "DUE", "MET", "MISSED", "COMPLIANCE"], rows(report.slaCompliance, (c) => [c.due, c.met, c.missed].map(String).concat(pct(c.percent)))),
    "Reduction against the manual baseline (1 - secfix median / manual median)\n" +
      table(
        ["SEVERITY", "SECFIX MEDIAN", "MANUAL MEDIAN", "BASELINE", "REDUCTION"],
        rows(report.reduction, (r) => [span(r.secfixMedianMs), span(r.baselineMedianMs), baselineText(r), pct(r.percent)]),
      ),
  ];
  return sections.join("\n");
}
