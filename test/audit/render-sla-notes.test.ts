import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.schema.js";
import type { Finding } from "../../src/domain/finding.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import { renderSlaComment, renderSlaResolvedComment } from "../../src/audit/render-sla-comments.js";
import { escalationIssueTitle, renderEscalationIssue, type SlaNoteFacts } from "../../src/audit/render-sla-escalation.js";
import { fixWaitingFor, formatSpan } from "../../src/audit/render-sla-facts.js";
import { triageFinding } from "../../src/triage/triage-finding.js";
import { dependabotSnapshot, findingFrom } from "../factories/finding.js";

const DUE = "2026-11-21T10:00:00.000Z";

function finding(title = "Prototype Pollution in lodash"): Finding {
  const base = findingFrom(dependabotSnapshot({ title }));
  return { ...base, triage: triageFinding(base, defaultConfig(), []) };
}

function attempt(overrides: Partial<FixAttempt> = {}): FixAttempt {
  return {
    id: "186853002:npm:lodash",
    installationId: 14662836,
    repository: { id: 186853002, fullName: "Codertocat/Hello-World", defaultBranch: "main" },
    planKey: "npm:lodash",
    findingIds: [finding().id],
    state: "gating",
    strategy: "npm-direct",
    baseSha: "1".repeat(40),
    pullRequest: { number: 7, url: "https://github.com/Codertocat/Hello-World/pull/7", branch: "secfix/npm/lodash-4.17.19", headSha: "4".repeat(40), adoptedFrom: null, state: "open" },
    reason: null,
    branchForeign: false,
    createdAt: "2026-11-20T10:05:00.000Z",
    updatedAt: "2026-11-20T10:05:00.000Z",
    ...overrides,
  };
}

function facts(overrides: Partial<SlaNoteFacts> = {}): SlaNoteFacts {
  return { finding: finding(), threshold: 100, dueAt: DUE, now: "2026-11-21T13:30:00.000Z", attempt: attempt(), owners: ["@alice"], teams: ["@Codertocat/security"], ...overrides };
}

describe("escalationIssueTitle", () => {
  it("names the stage, the alert and its number, on one line of plain text", () => {
    expect(escalationIssueTitle(finding(), 100)).toBe("SLA breached: Prototype Pollution in lodash (Dependabot alert #3)");
    expect(escalationIssueTitle(finding("two\nlines"), 75)).toBe("SLA at risk: two lines (Dependabot alert #3)");
    expect(escalationIssueTitle(finding("x".repeat(400)), 100).length).toBeLessThanOrEqual(240);
  });
});

describe("renderEscalationIssue", () => {
  it("says how late the finding is, what the fix waits for, who owns it and what can be done here", () => {
    const body = renderEscalationIssue({ ...facts(), markers: ["<!-- secfix:sla-escalation:x -->"], unassigned: null });
    expect(body.startsWith("<!-- secfix:sla-escalation:x -->\n## SLA breached: Prototype Pollution in lodash")).toBe(true);
    expect(body).toContain("was due **2026-11-21 10:00 UTC** (SLA: 24 hours from when GitHub opened the alert) and is **3 hours 30 minutes late**");
    expect(body).toContain("| Severity | critical (P0) |");
    expect(body).toContain("| Opened | 2026-11-20 10:00 UTC |");
    expect(body).toContain("| Late by | 3 hours 30 minutes |");
    expect(body).toContain("| Fix | gating in [#7](https://github.com/Codertocat/Hello-World/pull/7) |");
    expect(body).toContain("| Waiting for | CI and secfix's gates on #7 |");
    expect(body).toContain("| Owners (CODEOWNERS) | @alice |");
    expect(body).toContain("| Escalated to | @Codertocat/security |");
    for (const command of ["/secfix status", "/secfix explain", "/secfix retry", "/secfix dismiss", "/secfix help"]) expect(body).toContain(command);
    expect(body).not.toContain("Nobody is assigned");
  });

  it("says when GitHub refused the assignees", () => {
    const body = renderEscalationIssue({ ...facts(), markers: [], unassigned: ["bob"] });
    expect(body).toContain("**Nobody is assigned:** GitHub refused to assign `bob`");
  });

  it("keeps the alert's text from mentioning anyone or breaking the table", () => {
    const body = renderEscalationIssue({ ...facts({ finding: finding("pwn @everyone | <img src=x>") }), markers: [], unassigned: null });
    expect(body).not.toMatch(/@everyone/);
    expect(body).not.toContain("<img");
    expect(body).toContain("pwn @\u200Beveryone \\| &lt;img src=x&gt;");
  });
});

describe("renderSlaComment", () => {
  it("tells the fix PR how much of the SLA is gone, when it is due and what the fix waits for, to the owners", () => {
    const comment = renderSlaComment({ ...facts({ threshold: 75, now: "2026-11-21T04:00:00.000Z" }), marker: "<!-- m -->", on: "pull_request" });
    expect(comment).toBe(
      [
        "<!-- m -->",
        "⏳ **SLA at risk: 75 % gone.** This pull request fixes [Dependabot alert #3](https://github.com/Codertocat/Hello-World/security/dependabot/3): Prototype Pollution in lodash.",
        "",
        "75 % of this critical finding's SLA (24 hours from when GitHub opened the alert) is gone: it is due **2026-11-21 10:00 UTC**, 6 hours from now.",
        "",
        "**Waiting for:** CI and secfix's gates on #7.",
        "",
        "cc @alice @Codertocat/security",
      ].join("\n"),
    );
  });
});

describe("renderSlaResolvedComment", () => {
  it("gives the time to resolution and whether the SLA was met", () => {
    const fixed = { ...finding(), alert: { ...finding().alert, state: "fixed" as const }, resolvedAt: "2026-11-21T04:00:00.000Z", timeToResolutionMs: 18 * 3_600_000 };
    const met = renderSlaResolvedComment({ finding: fixed, dueAt: DUE, marker: "<!-- r -->" });
    expect(met).toContain("as fixed on 2026-11-21 04:00 UTC, 18 hours after it opened.");
    expect(met).toContain("The SLA (due 2026-11-21 10:00 UTC) was met.");
    const late = { ...fixed, resolvedAt: "2026-11-23T10:00:00.000Z", timeToResolutionMs: 72 * 3_600_000 };
    expect(renderSlaResolvedComment({ finding: late, dueAt: DUE, marker: "" })).toContain("was missed by 2 days.");
  });
});

describe("fixWaitingFor", () => {
  it("names what stands between the finding and its fix", () => {
    expect(fixWaitingFor(null)).toMatch(/has not proposed one/);
    expect(fixWaitingFor(attempt({ state: "gate_failed", reason: "CI failed: test" }))).toBe("a person: a gate failed on #7 (CI failed: test); `/secfix retry` tries again");
    expect(fixWaitingFor(attempt({ deferred: true, state: "planned", pullRequest: null }))).toMatch(/max_open_fix_prs/);
    expect(fixWaitingFor(attempt({ state: "no_fix", pullRequest: null, reason: "no patched version" }))).toBe("a person: secfix found no automatic fix (no patched version)");
  });
});

describe("formatSpan", () => {
  it("counts days from two days on", () => {
    expect(formatSpan(36 * 3_600_000)).toBe("36 hours");
    expect(formatSpan(7 * 86_400_000)).toBe("7 days");
    expect(formatSpan(2 * 86_400_000 + 3_600_000)).toBe("2 days 1 hour");
  });
});
