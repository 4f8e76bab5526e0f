import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { findingId } from "../../src/domain/finding.js";
import type { SecurityReport } from "../../src/report/security-report.js";
import { openStore } from "../../src/store/open-store.js";
import { codeScanningSnapshot, findingFrom } from "../factories/finding.js";
import { ATTEMPTS, BASELINE, FINDINGS, HOUR, at } from "../report/seeded-history.js";
import { useTempFolders } from "../store/temp-folders.js";

const tempFolder = useTempFolders("secfix-report-");
let databaseFile: string;

/** The seeded month in a real store, next to another installation's repository that must not leak in. */
beforeEach(async () => {
  databaseFile = path.join(tempFolder(), "secfix.db");
  const store = await openStore({ databaseUrl: databaseFile });
  const other = { id: 999, fullName: "octo-org/other", defaultBranch: "main" };
  const otherAlert = codeScanningSnapshot({ alertNumber: 1, state: "fixed", createdAt: at("10-03"), resolvedAt: at("10-03", 1), severity: "critical" });
  await store.transaction(async (tx) => {
    for (const finding of FINDINGS) await tx.saveFinding(finding);
    for (const attempt of ATTEMPTS) await tx.saveFixAttempt(attempt);
    await tx.saveBaselineSamples(
      { repositoryId: 186853002, repository: "Codertocat/Hello-World", installationId: 14662836, cutoff: at("10-01"), sources: { dependabot: BASELINE.length } },
      BASELINE,
    );
    await tx.saveFinding(
      findingFrom(otherAlert, { id: findingId(999, "code_scanning", 1), installationId: 99, repository: other, resolvedAt: at("10-03", 1), timeToResolutionMs: HOUR }),
    );
    await tx.saveBaselineSamples({ repositoryId: 999, repository: other.fullName, installationId: 99, cutoff: at("10-01"), sources: { code_scanning: 1 } }, [
      { repositoryId: 999, repository: other.fullName, installationId: 99, source: "code_scanning", alertNumber: 50, severity: "critical", createdAt: at("01-01"), fixedAt: at("01-02") },
    ]);
  });
  await store.close();
});

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env: { DATABASE_URL: databaseFile } });
  return { code, out, err };
}

const OCTOBER = ["--since", "2026-10-01", "--until", "2026-11-01"];

describe("secfix report", () => {
  it("prints the month's report for an installation as tables", async () => {
    const { code, out, err } = await cli("report", "--installation", "14662836", ...OCTOBER, "--baseline", "10d");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("secfix report: installation 14662836, all repositories\nPeriod: 2026-10-01T00:00:00.000Z to 2026-11-01T00:00:00.000Z");
    expect(out).toContain("all           4     6      1          11\n");
    expect(out).toContain("critical      4  5h      1d 6h\n");
    expect(out).toContain("6          3       1            1       1          50%\n");
    expect(out).toContain("all           8    4    4       50%\n");
    expect(out).toContain("critical      5h             3d             history of 3 alerts  93.1%\n");
    expect(out).toContain("high          7d             10d            configured           30%\n");
    // The other installation's critical alert (fixed in 1 hour, history of 1 day) stays out.
    expect(out).toContain("all           15h            2d 12h         history of 4 alerts  75%\n");
  });

  it("prints the report as JSON, narrowed to one repository", async () => {
    const { code, out } = await cli("report", "--repo", "octo-org/other", ...OCTOBER, "--json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as SecurityReport;
    expect(report.scope).toEqual({ installationId: null, repository: "octo-org/other" });
    expect(report.findings.overall).toEqual({ open: 0, fixed: 1, dismissed: 0, total: 1 });
    expect(report.timeToResolution.bySeverity.critical).toEqual({ n: 1, medianMs: HOUR, p90Ms: HOUR });
    // 1 hour against a history of 1 day: 1 − 1/24 = 95.8 %.
    expect(report.reduction.bySeverity.critical).toEqual({ secfixMedianMs: HOUR, baselineMedianMs: 24 * HOUR, baselineSource: "history", baselineSamples: 1, percent: 95.8 });
    expect(report.reduction.bySeverity.high).toEqual({ secfixMedianMs: null, baselineMedianMs: null, baselineSource: null, baselineSamples: 0, percent: null });
    expect(report.patchSuccess.percent).toBeNull();
  });

  it("reads --since as a duration before --until", async () => {
    const { code, out } = await cli("report", "--installation", "14662836", "--since", "31d", "--until", "2026-11-01T00:00:00Z", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as SecurityReport;
    expect(report.period).toEqual({ since: "2026-10-01T00:00:00.000Z", until: "2026-11-01T00:00:00.000Z" });
    expect(report.slaCompliance.overall).toEqual({ due: 8, met: 4, missed: 4, percent: 50 });
  });

  it("reports up to now when --until is not given", async () => {
    const before = Date.now();
    const { out } = await cli("report", "--json");
    const report = JSON.parse(out) as SecurityReport;
    expect(report.period.since).toBeNull();
    expect(Date.parse(report.period.until)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(report.period.until)).toBeLessThanOrEqual(Date.now());
    // Everything ever opened, both installations.
    expect(report.findings.overall.total).toBe(FINDINGS.length + 1);
  });

  it("prints dashes for an installation it knows nothing about", async () => {
    const { code, out } = await cli("report", "--installation", "5");
    expect(code).toBe(0);
    expect(out).toContain("all           0  —       —\n");
    expect(out).not.toMatch(/NaN|Infinity/);
  });

  it.each([
    [["--since", "yesterday"], '--since takes an ISO date or time like 2026-11-01 or 2026-11-01T09:00Z, or a duration like 30d; got "yesterday"'],
    [["--until", "2026-13-45"], '--until takes an ISO date or time like 2026-11-01 or 2026-11-01T09:00Z; got "2026-13-45"'],
    [["--baseline", "10 days"], '--baseline takes a duration like 30m, 24h or 7d; got "10 days"'],
    [["--installation", "abc"], '--installation takes an installation id (a number), got "abc"'],
    [["--repo", "nope"], '--repo takes owner/name, got "nope"'],
    [["--since", "2026-11-02", "--until", "2026-11-01"], "--since (2026-11-02T00:00:00.000Z) must be before --until (2026-11-01T00:00:00.000Z)"],
    [["--period", "30d"], "Unknown option '--period'"],
  ])("explains %j and exits 2", async (args, message) => {
    const { code, out, err } = await cli("report", ...args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(message);
  });

  it("is listed in secfix --help", async () => {
    const { code, out } = await cli("--help");
    expect(code).toBe(0);
    expect(out).toContain("  report [--installation ID] [--repo owner/name] [--since 30d] [--json]");
  });

  it("explains its options with --help", async () => {
    const { code, out } = await cli("report", "--help");
    expect(code).toBe(0);
    expect(out).toContain("Usage: secfix report");
    expect(out).toContain("--baseline");
  });
});
