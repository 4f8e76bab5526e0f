import { describe, expect, it } from "vitest";
import { formatTable } from "../../src/cli/format-table.js";
import { buildReport } from "../../src/report/build-report.js";
import { formatSpan } from "../../src/report/format-span.js";
import { renderReport } from "../../src/report/render-report.js";
import { ATTEMPTS, BASELINE, CONFIGURED_BASELINE_MS, FINDINGS, INSTALLATION_ID, SINCE, UNTIL } from "./seeded-history.js";

function section(text: string, title: string): string[] {
  const start = text.split("\n\n").find((block) => block.startsWith(title));
  if (!start) throw new Error(`no section "${title}" in:\n${text}`);
  return start.trim().split("\n");
}

describe("renderReport", () => {
  const text = renderReport(
    buildReport({
      findings: FINDINGS,
      attempts: ATTEMPTS,
      baseline: BASELINE,
      scope: { installationId: INSTALLATION_ID, repository: null },
      period: { since: SINCE, until: UNTIL },
      configuredBaselineMs: CONFIGURED_BASELINE_MS,
    }),
    formatTable,
  );

  it("names the scope and the period", () => {
    expect(text.split("\n").slice(0, 2)).toEqual([
      "secfix report: installation 14662836, all repositories",
      "Period: 2026-10-01T00:00:00.000Z to 2026-11-01T00:00:00.000Z (end excluded)",
    ]);
  });

  it("prints findings per severity and state in aligned columns, with a total row", () => {
    const lines = section(text, "Findings opened in the period");
    expect(lines[1]).toBe("SEVERITY      OPEN  FIXED  DISMISSED  TOTAL");
    expect(lines[2]).toBe("critical      2     4      0          6");
    expect(lines[6]).toBe("none/unknown  1     0      0          1");
    expect(lines[7]).toBe("all           4     6      1          11");
  });

  it("prints median and p90 as short durations, and a dash where nothing was fixed", () => {
    const lines = section(text, "Time to resolution");
    expect(lines.slice(1)).toEqual([
      "SEVERITY      N  MEDIAN  P90",
      "critical      4  5h      1d 6h",
      "high          2  7d      13d",
      "medium        0  —       —",
      "low           0  —       —",
      "none/unknown  0  —       —",
      "all           6  15h     13d",
    ]);
  });

  it("prints the patch success rate with its parts", () => {
    const lines = section(text, "Patch success");
    expect(lines.slice(-2)).toEqual(["ATTEMPTED  PASSED  GATE FAILED  NO FIX  UNDECIDED  SUCCESS", "6          3       1            1       1          50%"]);
  });

  it("prints SLA compliance per severity", () => {
    const lines = section(text, "SLA compliance");
    expect(lines[0]).toContain("dismissed alerts left out");
    expect(lines[2]).toBe("critical      5    3    2       60%");
    expect(lines[3]).toBe("high          2    1    1       50%");
    expect(lines[7]).toBe("all           8    4    4       50%");
  });

  it("says which baseline each reduction was measured against", () => {
    const lines = section(text, "Reduction against the manual baseline");
    expect(lines.slice(1)).toEqual([
      "SEVERITY      SECFIX MEDIAN  MANUAL MEDIAN  BASELINE             REDUCTION",
      "critical      5h             3d             history of 3 alerts  93.1%",
      "high          7d             10d            configured           30%",
      "medium        —              12h            history of 1 alert   —",
      "low           —              10d            configured           —",
      "none/unknown  —              10d            configured           —",
      "all           15h            2d 12h         history of 4 alerts  75%",
    ]);
  });

  it("renders an empty store as dashes, with no NaN anywhere", () => {
    const empty = renderReport(buildReport({ findings: [], attempts: [], baseline: [], period: { since: null, until: UNTIL }, configuredBaselineMs: null }), formatTable);
    expect(empty).toContain("Period: the first record to 2026-11-01T00:00:00.000Z (end excluded)");
    expect(section(empty, "Reduction").at(-1)).toBe("all           —              —              —         —");
    expect(section(empty, "Patch success").at(-1)).toBe("0          0       0            0       0          —");
    expect(empty).not.toMatch(/NaN|Infinity|null/);
  });
});

describe("formatSpan", () => {
  it("keeps the two largest units, rounded", () => {
    expect(formatSpan(40_000)).toBe("40s");
    expect(formatSpan(59_600)).toBe("1m");
    expect(formatSpan(12 * 60_000)).toBe("12m");
    expect(formatSpan(5 * 3_600_000 + 20 * 60_000)).toBe("5h 20m");
    expect(formatSpan(3 * 86_400_000 + 4 * 3_600_000 + 10 * 60_000)).toBe("3d 4h");
    expect(formatSpan(59 * 60_000 + 59_000)).toBe("1h");
    expect(formatSpan(23 * 3_600_000 + 59 * 60_000 + 50_000)).toBe("1d");
  });
});
