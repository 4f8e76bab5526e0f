import { describe, expect, it } from "vitest";
import { renderEvidence, retryHint } from "../../src/audit/render-evidence.js";
import type { ApprovalGrant, ApprovalRequirement, ApprovalState, FixAttempt, GateRun, MergeRecord } from "../../src/domain/fix-attempt.js";
import { failed, passed, pending } from "../../src/domain/gate-verdict.js";
import type { RiskAssessment } from "../../src/domain/risk.js";

const HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
const OLD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const HOSTILE = "</details><img src=x onerror=alert(1)> @everyone `rm -rf /` | **bold**";

const attempt = (overrides: Partial<FixAttempt> = {}): FixAttempt => ({
  id: "42:npm:lodash",
  installationId: 1,
  repository: { id: 42, fullName: "acme/shop", defaultBranch: "main" },
  planKey: "npm:lodash",
  findingIds: ["dependabot:42:3"],
  state: "proposed",
  strategy: "npm-direct",
  baseSha: OLD,
  pullRequest: { number: 12, url: "https://github.com/acme/shop/pull/12", branch: "secfix/npm-lodash", headSha: HEAD, adoptedFrom: null, state: "open" },
  reason: null,
  branchForeign: false,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-20T10:00:00.000Z",
  ...overrides,
});

const gateRun = (overrides: Partial<GateRun> = {}): GateRun => ({
  headSha: HEAD,
  startedAt: "2026-11-20T10:00:00.000Z",
  evaluatedAt: "2026-11-20T10:05:00.000Z",
  outcome: "passed",
  verdicts: [passed("scope", ["2 file(s) changed, all in the plan"]), passed("ci", ["check run test: success"])],
  checkRunId: 5,
  ...overrides,
});

const riskAssessment = (overrides: Partial<RiskAssessment> = {}): RiskAssessment => ({
  level: "low",
  reasons: [{ factor: "changed_files", level: "low", detail: "2 files changed" }],
  blast: { changedFiles: ["package.json", "package-lock.json"], importers: {}, importersPartial: null, customerFacing: [], owners: {}, dependencies: [] },
  assessedAt: "2026-11-20T10:05:00.000Z",
  headSha: HEAD,
  ...overrides,
});

const requirement = (overrides: Partial<ApprovalRequirement> = {}): ApprovalRequirement => ({
  reason: "customer_facing",
  teams: ["web"],
  detail: "touches customer-facing code: src/api/users.js",
  ...overrides,
});

const grant = (overrides: Partial<ApprovalGrant> = {}): ApprovalGrant => ({
  by: "alice",
  sha: HEAD,
  reviewId: 9,
  reasons: ["customer_facing"],
  at: "2026-11-20T11:00:00.000Z",
  ...overrides,
});

const approvalState = (overrides: Partial<ApprovalState> = {}): ApprovalState => ({
  requirements: [requirement()],
  grants: [],
  enforcement: { ruleset: false, note: "No ruleset: approvers.ruleset is off." },
  ...overrides,
});

const mergeRecord = (overrides: Partial<MergeRecord> = {}): MergeRecord => ({
  headSha: HEAD,
  method: "api",
  requestedAt: "2026-11-20T12:00:00.000Z",
  status: "waiting",
  note: "the pull request is a draft.",
  ...overrides,
});

const approvalLines = (markdown: string): string[] => markdown.split("\n").filter((line) => line.startsWith("- ⏳") || line.startsWith("- ✅"));

describe("retryHint", () => {
  it("promises a new commit on this PR for secfix's own branch", () => {
    const hint = retryHint(attempt());
    expect(hint).toContain("`/secfix retry`");
    expect(hint).toContain("push a new commit here");
  });

  it("promises a fresh branch when someone else took the branch over", () => {
    const hint = retryHint(attempt({ branchForeign: true }));
    expect(hint).toContain("start the fix again from the current base on a branch of its own");
    expect(hint).toContain("this pull request stays yours");
  });
});

describe("renderEvidence", () => {
  it("renders only state and audit pointer for an attempt with nothing recorded yet", () => {
    expect(renderEvidence(attempt(), HEAD)).toBe(
      [
        "## secfix evidence",
        "",
        "**State:** proposed · head `1a2b3c4d5e6f`",
        "",
        "<sub>Every step is in secfix's audit log under `fix:42:npm:lodash` (`secfix audit export`).</sub>",
      ].join("\n"),
    );
  });

  it.each([
    ["gating", "waiting for the gates"],
    ["gate_failed", "a gate failed"],
    ["awaiting_approval", "waiting for approval"],
    ["merging", "cleared to merge"],
    ["deploying", "merged"],
    ["resolved", "resolved"],
    ["rolled_back", "rolled_back"],
  ] as const)("describes state %s as %j", (state, words) => {
    expect(renderEvidence(attempt({ state }), HEAD)).toContain(`**State:** ${words} · head`);
  });

  it("shows the head it is rendered for, not the one the attempt last recorded", () => {
    expect(renderEvidence(attempt(), OLD)).toContain("head `9f8e7d6c5b4a`");
  });

  it("adds the attempt's reason as a note", () => {
    expect(renderEvidence(attempt({ reason: "someone else pushed to the branch" }), HEAD)).toContain("**Note:** someone else pushed to the branch");
  });

  describe("gates", () => {
    it("renders the gate table under a titled heading, with no retry hint when they passed", () => {
      const markdown = renderEvidence(attempt({ state: "merging", gates: gateRun() }), HEAD);
      expect(markdown).toContain("### Gates: Gates passed on 1a2b3c4d5e6f");
      expect(markdown).toContain("| Gate | Result | Evidence |");
      expect(markdown).toContain("| scope | ✅ passed | 2 file(s) changed, all in the plan |");
      expect(markdown).toContain("| ci | ✅ passed | check run test: success |");
      expect(markdown).not.toContain("/secfix retry");
    });

    it("adds the retry hint when a gate failed", () => {
      const gates = gateRun({ outcome: "failed", verdicts: [passed("scope"), failed("rescan", ["lodash 4.17.20 is still vulnerable"])] });
      const markdown = renderEvidence(attempt({ state: "gate_failed", gates }), HEAD);
      expect(markdown).toContain("### Gates: 1 of 2 gates failed");
      expect(markdown).toContain("| rescan | ❌ failed | lodash 4.17.20 is still vulnerable |");
      expect(markdown).toContain(retryHint(attempt()));
    });

    it("gives a taken-over branch the fresh-PR retry hint", () => {
      const gates = gateRun({ outcome: "failed", verdicts: [failed("scope", ["touches .github/workflows/ci.yml"])] });
      const markdown = renderEvidence(attempt({ state: "gate_failed", branchForeign: true, gates }), HEAD);
      expect(markdown).toContain(retryHint(attempt({ branchForeign: true })));
      expect(markdown).not.toContain(retryHint(attempt({ branchForeign: false })));
    });

    it("names the gates still pending without a retry hint", () => {
      const gates = gateRun({ outcome: "pending", verdicts: [passed("scope"), pending("ci", ["waiting for CI"])] });
      const markdown = renderEvidence(attempt({ state: "gating", gates }), HEAD);
      expect(markdown).toContain("### Gates: Waiting for ci");
      expect(markdown).toContain("| ci | ⏳ pending | waiting for CI |");
      expect(markdown).not.toContain("/secfix retry");
    });
  });

  it("includes the risk assessment", () => {
    const markdown = renderEvidence(attempt({ risk: riskAssessment({ level: "medium", reasons: [{ factor: "changed_files", level: "medium", detail: "6 files changed" }] }) }), HEAD);
    expect(markdown).toContain("### Risk: MEDIUM");
    expect(markdown).toContain("- **medium** changed\\_files: 6 files changed");
    expect(markdown).toContain("#### Blast radius");
  });

  describe("approval", () => {
    it("omits the section when no approval is needed", () => {
      expect(renderEvidence(attempt({ approval: null }), HEAD)).not.toContain("### Approval");
      expect(renderEvidence(attempt({ approval: approvalState({ requirements: [] }) }), HEAD)).not.toContain("### Approval");
    });

    it("shows each unmet requirement as waiting, with the teams that may approve it", () => {
      const approval = approvalState({
        requirements: [requirement({ teams: ["web", "org/api"] }), requirement({ reason: "high_risk", teams: [], detail: "high risk: 25 files import the changed files" })],
      });
      const markdown = renderEvidence(attempt({ state: "awaiting_approval", approval }), HEAD);
      expect(markdown).toContain("### Approval");
      expect(approvalLines(markdown)).toEqual([
        "- ⏳ waiting: touches customer-facing code: src/api/users.js (from @web, @org/api)",
        "- ⏳ waiting: high risk: 25 files import the changed files (from anyone with write access)",
      ]);
    });

    it("shows a requirement met on this head as approved by the reviewer", () => {
      const approval = approvalState({
        requirements: [requirement(), requirement({ reason: "new_pattern", teams: ["appsec"], detail: "an AI fix for js/xss, a rule with no approved pattern yet" })],
        grants: [grant({ by: "alice", reasons: ["customer_facing"] })],
      });
      expect(approvalLines(renderEvidence(attempt({ approval }), HEAD))).toEqual([
        "- ✅ approved by alice: touches customer-facing code: src/api/users.js (from @web)",
        "- ⏳ waiting: an AI fix for js/xss, a rule with no approved pattern yet (from @appsec)",
      ]);
    });

    it("shows a requirement approved only on an older head as waiting", () => {
      const approval = approvalState({ grants: [grant({ by: "alice", sha: OLD })] });
      const markdown = renderEvidence(attempt({ approval }), HEAD);
      expect(approvalLines(markdown)).toEqual(["- ⏳ waiting: touches customer-facing code: src/api/users.js (from @web)"]);
      expect(markdown).not.toContain("alice");
    });

    it("names the approver whose grant is for this head when an older head was approved by someone else", () => {
      const approval = approvalState({ grants: [grant({ by: "alice", sha: OLD, reviewId: 1 }), grant({ by: "bob", sha: HEAD, reviewId: 2 })] });
      expect(approvalLines(renderEvidence(attempt({ approval }), HEAD))).toEqual(["- ✅ approved by bob: touches customer-facing code: src/api/users.js (from @web)"]);
    });

    it("says how approval is enforced and that a push needs a new approval", () => {
      const checkOnly = renderEvidence(attempt({ approval: approvalState() }), HEAD);
      expect(checkOnly).toContain("- Enforced by: the `secfix/approval` check. No ruleset: approvers.ruleset is off.");
      expect(checkOnly).toContain("- An approval counts for the commit it approves; a later push needs a new one.");

      const withRuleset = renderEvidence(attempt({ approval: approvalState({ enforcement: { ruleset: true, note: "Ruleset secfix (id 7) requires review." } }) }), HEAD);
      expect(withRuleset).toContain("- Enforced by: the `secfix/approval` check and a repository ruleset. Ruleset secfix (id 7) requires review.");
    });
  });

  it("includes the merge note", () => {
    const markdown = renderEvidence(attempt({ state: "merging", merge: mergeRecord({ note: "the pull request is a draft." }) }), HEAD);
    expect(markdown).toContain("### Merge\n\n- the pull request is a draft.");
  });

  it("renders its sections in order: state, gates, risk, approval, merge, audit pointer", () => {
    const markdown = renderEvidence(
      attempt({ state: "merging", reason: "a note", gates: gateRun(), risk: riskAssessment(), approval: approvalState({ grants: [grant()] }), merge: mergeRecord() }),
      HEAD,
    );
    const positions = ["**State:**", "**Note:**", "### Gates:", "### Risk:", "### Approval", "### Merge", "<sub>Every step"].map((marker) => markdown.indexOf(marker));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  describe("hostile text", () => {
    const everything = (text: string): FixAttempt =>
      attempt({
        state: "gate_failed",
        reason: text,
        gates: gateRun({ outcome: "failed", verdicts: [failed(text, [text])] }),
        risk: riskAssessment({ reasons: [{ factor: "strategy", level: "low", detail: text }] }),
        approval: approvalState({ requirements: [requirement({ detail: text })], grants: [grant({ by: text })], enforcement: { ruleset: false, note: text } }),
        merge: mergeRecord({ note: text }),
      });

    it("renders no raw HTML from any recorded text", () => {
      const markdown = renderEvidence(everything(HOSTILE), HEAD);
      expect(markdown).not.toContain("</details>");
      expect(markdown).not.toMatch(/<img/i);
      expect(markdown).toContain("&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;");
      // The only tags left are secfix's own: the audit pointer's <sub> and the gate table's <br> (none here: one sentence per gate).
      const tags = markdown.match(/<\/?[a-z][^>]*>/gi) ?? [];
      expect(new Set(tags)).toEqual(new Set(["<sub>", "</sub>"]));
    });

    it("escapes backticks, pipes and emphasis so recorded text cannot open code or break a row", () => {
      const markdown = renderEvidence(everything(HOSTILE), HEAD);
      expect(markdown).not.toContain("`rm -rf /`");
      expect(markdown).toContain("\\`rm -rf /\\`");
      expect(markdown).toContain("\\| \\*\\*bold\\*\\*");
      expect(markdown).not.toContain("| **bold**");
    });

    it("escapes the note, requirement detail, approver, enforcement note and merge note", () => {
      const escaped = "&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt; @\u200Beveryone \\`rm -rf /\\` \\| \\*\\*bold\\*\\*";
      const markdown = renderEvidence(everything(HOSTILE), HEAD);
      expect(markdown).toContain(`**Note:** ${escaped}`);
      expect(markdown).toContain(`- ✅ approved by ${escaped}: ${escaped} (from @web)`);
      expect(markdown).toContain(`- Enforced by: the \`secfix/approval\` check. ${escaped}`);
      expect(markdown).toContain(`### Merge\n\n- ${escaped}`);
    });

    it("keeps recorded text on its own line, so it cannot start a heading or a list", () => {
      const injected = "fine\n### Approved by security\n- ✅ approved by ceo";
      const markdown = renderEvidence(everything(injected), HEAD);
      expect(markdown).not.toMatch(/^### Approved by security/m);
      expect(markdown).not.toMatch(/^- ✅ approved by ceo/m);
      expect(markdown).toContain("**Note:** fine ### Approved by security - ✅ approved by ceo");
    });
  });
});
