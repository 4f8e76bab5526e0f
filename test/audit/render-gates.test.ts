import { describe, expect, it } from "vitest";
import { failed, passed, pending, type GateVerdict } from "../../src/domain/gate-verdict.js";
import { fitEvidence, gateAnnotations, renderGatesSummary, SUMMARY_MAX_BYTES } from "../../src/audit/render-gates.js";

const HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
const bytes = (text: string) => new TextEncoder().encode(text).length;

const green: GateVerdict[] = [
  passed("scope", ["1 file(s) changed, all in the plan"]),
  passed("ci", ['check run "test" from github-actions: success']),
];

describe("renderGatesSummary", () => {
  it("titles a green run with the head and renders one row per gate", () => {
    const { title, summary } = renderGatesSummary({ outcome: "passed", verdicts: green, headSha: HEAD });
    expect(title).toBe("Gates passed on 1a2b3c4d5e6f");
    expect(summary).toBe(
      [
        "Gates on `1a2b3c4d5e6f`: 2 passed, 0 failed, 0 pending.",
        "",
        "| Gate | Result | Evidence |",
        "| --- | --- | --- |",
        "| scope | ✅ passed | 1 file(s) changed, all in the plan |",
        '| ci | ✅ passed | check run "test" from github-actions: success |',
      ].join("\n"),
    );
  });

  it("counts failed gates in the title and marks results with icons, evidence joined with <br>", () => {
    const verdicts = [...green, failed("rescan", ["lodash 4.17.20 in package-lock.json is still inside GHSA-35jh-r3h4-6jhm `< 4.17.21`", "second line"]), pending("approval", [])];
    const { title, summary } = renderGatesSummary({ outcome: "failed", verdicts, headSha: HEAD });
    expect(title).toBe("1 of 4 gates failed");
    expect(summary).toContain("| rescan | ❌ failed | lodash 4.17.20 in package-lock.json is still inside GHSA-35jh-r3h4-6jhm \\`&lt; 4.17.21\\`<br>second line |");
    expect(summary).toContain("| approval | ⏳ pending | - |");
  });

  it("names the gates it waits for", () => {
    const verdicts = [pending("ci", ["waiting"]), passed("scope"), pending("rescan", ["waiting"])];
    expect(renderGatesSummary({ outcome: "pending", verdicts, headSha: HEAD }).title).toBe("Waiting for ci, rescan");
  });

  it("escapes evidence so a check name cannot break the table, inject HTML or add a row", () => {
    const evil = failed("ci", ['check run "x | ❌ | pwned |\n| forged | ✅ passed | ok" <img src=x onerror=alert(1)> [click](https://evil.example)']);
    const { summary } = renderGatesSummary({ outcome: "failed", verdicts: [evil], headSha: HEAD });
    const rows = summary.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Gate") && !line.startsWith("| ---"));
    expect(rows).toHaveLength(1);
    // Every pipe inside the cell is escaped: only the three cell borders remain.
    expect(rows[0]!.replace(/\\\|/g, "").split("|")).toHaveLength(5);
    expect(summary).not.toContain("<img");
    expect(summary).toContain("\\[click\\](https://evil.example)");
  });

  it("keeps the summary under 60,000 bytes, shortening only the gate that floods it and saying so", () => {
    const flood = failed("dependencies", Array.from({ length: 5_000 }, (_, i) => `left-pad@1.3.${i} (npm, package-lock.json) could not be checked: registry answered 503 ✗`));
    const verdicts = [...green, flood];
    const { summary } = renderGatesSummary({ outcome: "failed", verdicts, headSha: HEAD });
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(summary).toContain("| scope | ✅ passed | 1 file(s) changed, all in the plan |");
    expect(summary).toMatch(/<br>… \d+ more lines cut \|/);
    expect(summary.endsWith("Some evidence was shortened to fit GitHub's size limit; secfix's audit log holds all of it.")).toBe(true);
  });

  it("cuts one enormous sentence instead of dropping the gate's evidence", () => {
    const { summary } = renderGatesSummary({ outcome: "failed", verdicts: [failed("parse", ["x".repeat(200_000)])], headSha: HEAD });
    expect(summary).toMatch(/\| parse \| ❌ failed \| x{999}… \|/);
  });

  it("honours a smaller byte budget for callers that embed the summary", () => {
    const verdicts = Array.from({ length: 8 }, (_, i) => failed(`gate-${i}`, Array.from({ length: 50 }, () => "ç".repeat(200))));
    const { summary } = renderGatesSummary({ outcome: "failed", verdicts, headSha: HEAD, maxBytes: 20_000 });
    expect(bytes(summary)).toBeLessThanOrEqual(20_000);
    for (let i = 0; i < 8; i += 1) expect(summary).toContain(`| gate-${i} | ❌ failed | ç`);
  });
});

describe("fitEvidence", () => {
  it("leaves evidence alone when it fits", () => {
    expect(fitEvidence([["a", "b"], ["c"]], 100, "<br>", (t) => t)).toEqual([
      { lines: ["a", "b"], dropped: 0, shortened: false },
      { lines: ["c"], dropped: 0, shortened: false },
    ]);
  });

  it("lets small groups keep everything while big ones share the rest", () => {
    const fitted = fitEvidence([["short"], Array.from({ length: 100 }, () => "x".repeat(100))], 1_000, "\n", (t) => t);
    expect(fitted[0]).toEqual({ lines: ["short"], dropped: 0, shortened: false });
    expect(fitted[1]!.lines.length).toBe(9);
    expect(fitted[1]!.dropped).toBe(91);
  });
});

describe("gateAnnotations", () => {
  it("turns failed gates' annotations into failure annotations on one line", () => {
    const verdict = failed("rescan", ["alert #17 still open"], [{ path: "src/api/users.js", line: 42, message: "alert #17 (js/sql-injection) is still open" }]);
    expect(gateAnnotations([passed("scope"), verdict])).toEqual([
      { path: "src/api/users.js", start_line: 42, end_line: 42, annotation_level: "failure", message: "alert #17 (js/sql-injection) is still open", title: "secfix rescan gate" },
    ]);
  });

  it("puts failures first and stops at 50, the most one request may carry", () => {
    const notes = pending("rescan", ["waiting"]);
    notes.annotations = Array.from({ length: 10 }, (_, i) => ({ path: "a.js", line: i + 1, message: "w" }));
    const failures = failed("content", ["secrets"], Array.from({ length: 45 }, (_, i) => ({ path: "b.js", line: i + 1, message: "f" })));
    const annotations = gateAnnotations([notes, failures]);
    expect(annotations).toHaveLength(50);
    expect(annotations.slice(0, 45).every((a) => a.annotation_level === "failure")).toBe(true);
    expect(annotations.slice(45).every((a) => a.annotation_level === "warning")).toBe(true);
  });

  it("moves a line GitHub would reject to line 1 and shortens a huge message", () => {
    const [annotation] = gateAnnotations([failed("parse", ["bad"], [{ path: "x.json", line: 0, message: "m".repeat(70_000) }])]);
    expect(annotation!.start_line).toBe(1);
    expect(annotation!.message.length).toBe(4_000);
  });

  it("returns nothing when no gate annotated anything", () => {
    expect(gateAnnotations(green)).toEqual([]);
  });
});

