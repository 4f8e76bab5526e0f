import { describe, expect, it } from "vitest";
import { checkCodeRescan, type CodeRescanInput } from "../../src/gates/check-code-rescan.js";

const HEAD = "3c9909afec25354d551dae21590bb26e38d53f21";
const OLD = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";

function input(overrides: Partial<CodeRescanInput> = {}): CodeRescanInput {
  return {
    alertNumber: 17,
    ruleId: "js/sql-injection",
    headSha: HEAD,
    analysis: { commitSha: HEAD, createdAt: "2025-03-01T10:12:00Z", tool: "CodeQL" },
    analysisUnavailable: null,
    openOnPull: [],
    openOnBase: [17, 4],
    startedAt: "2025-03-01T10:00:00Z",
    now: "2025-03-01T10:15:00Z",
    timeoutMs: 60 * 60_000,
    ...overrides,
  };
}

describe("checkCodeRescan", () => {
  it("passes when the alert is gone from the PR's code and nothing new appeared", () => {
    const verdict = checkCodeRescan(input({ openOnPull: [{ number: 4, ruleId: "js/xss", path: "src/view.js", line: 9, severity: "high" }] }));
    expect(verdict).toEqual({
      gate: "rescan",
      passed: true,
      evidence: ["alert #17 (js/sql-injection) is not open on the PR's code; no new alerts", "analysed by CodeQL at 2025-03-01T10:12:00Z on 3c9909afec25"],
    });
  });

  it("fails when the alert is still open on the PR, annotating where it is", () => {
    const verdict = checkCodeRescan(input({ openOnPull: [{ number: 17, ruleId: "js/sql-injection", path: "src/api/users.js", line: 42, severity: "critical" }] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
    expect(verdict.evidence[0]).toBe("alert #17 (js/sql-injection, critical) is still open on 3c9909afec25 at src/api/users.js:42: the fix did not remove it");
    expect(verdict.annotations).toEqual([{ path: "src/api/users.js", line: 42, message: verdict.evidence[0] }]);
  });

  it("fails on alerts open on the PR but not on the base, one annotation each", () => {
    const verdict = checkCodeRescan(
      input({
        openOnPull: [
          { number: 31, ruleId: "js/path-injection", path: "src/files.js", line: 7, severity: "high" },
          { number: 32, ruleId: "js/regex-injection", path: "src/search.js", line: null, severity: null },
          { number: 33, ruleId: "js/unused-local-variable", path: null, line: null, severity: "note" },
        ],
      }),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.slice(0, 3)).toEqual([
      "new alert #31 (js/path-injection, high) at src/files.js:7: open on 3c9909afec25 but not on the base branch",
      "new alert #32 (js/regex-injection) at src/search.js: open on 3c9909afec25 but not on the base branch",
      "new alert #33 (js/unused-local-variable, note): open on 3c9909afec25 but not on the base branch",
    ]);
    expect(verdict.annotations?.map((a) => `${a.path}:${a.line}`)).toEqual(["src/files.js:7", "src/search.js:1"]);
  });

  it("fails when code scanning cannot be read, giving the reason", () => {
    const verdict = checkCodeRescan(input({ analysis: null, analysisUnavailable: "403 Advanced Security must be enabled for this repository" }));
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
    expect(verdict.evidence[0]).toBe(
      "code scanning results cannot be read (403 Advanced Security must be enabled for this repository), so secfix cannot verify that alert #17 is fixed on 3c9909afec25",
    );
  });

  it("waits for an analysis of the head, then fails after the timeout", () => {
    const waiting = checkCodeRescan(input({ analysis: null }));
    expect(waiting).toMatchObject({ passed: false, pending: true });
    expect(waiting.evidence[0]).toBe("waiting for code scanning to analyse the PR head 3c9909afec25; secfix waits up to 1 hour from 2025-03-01T10:00:00Z");

    const late = checkCodeRescan(input({ analysis: null, now: "2025-03-01T11:00:00Z" }));
    expect(late.pending).toBeUndefined();
    expect(late.passed).toBe(false);
    expect(late.evidence[0]).toBe("no code scanning analysis of the PR head 3c9909afec25 within 1 hour of 2025-03-01T10:00:00Z; secfix cannot verify that alert #17 is fixed");
  });

  it("does not trust an analysis of an older commit: the alert list would describe code before the fix", () => {
    const verdict = checkCodeRescan(input({ analysis: { commitSha: OLD, createdAt: "2025-03-01T09:58:00Z", tool: "CodeQL" } }));
    expect(verdict.pending).toBe(true);
    expect(verdict.evidence[0]).toMatch(/\(the newest analysis, by CodeQL at 2025-03-01T09:58:00Z, is of a94a8fe5ccb1\)/);
  });

  it("counts an alert listed twice once", () => {
    const alert = { number: 40, ruleId: "js/xss", path: "src/a.js", line: 3, severity: "medium" };
    const verdict = checkCodeRescan(input({ openOnPull: [alert, alert] }));
    expect(verdict.evidence.filter((line) => line.startsWith("new alert"))).toHaveLength(1);
    expect(verdict.annotations).toHaveLength(1);
  });
});
