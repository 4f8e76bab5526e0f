import { describe, expect, it } from "vitest";
import type { ApprovalGrant, ApprovalReason, ApprovalRequirement, ApprovalState } from "../../src/domain/fix-attempt.js";
import type { BlastRadius, RiskAssessment, RiskReason } from "../../src/domain/risk.js";
import {
  approvalRequirements,
  grantsFrom,
  standingApprovals,
  unmetRequirements,
  type ApprovalTeams,
  type ReviewRecord,
} from "../../src/risk/approval-requirements.js";

const HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
const OLD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

const blastRadius = (overrides: Partial<BlastRadius> = {}): BlastRadius => ({
  changedFiles: ["src/lib/db.js"],
  importers: { "src/lib/db.js": [] },
  importersPartial: null,
  customerFacing: [],
  owners: {},
  dependencies: [],
  ...overrides,
});

const risk = (overrides: Partial<RiskAssessment> = {}): RiskAssessment => ({
  level: "low",
  reasons: [{ factor: "changed_files", level: "low", detail: "1 file changed" }],
  blast: blastRadius(),
  assessedAt: "2026-11-20T10:00:00.000Z",
  headSha: HEAD,
  ...overrides,
});

const teams = (overrides: Partial<ApprovalTeams> = {}): ApprovalTeams => ({
  customerFacing: [],
  newPatterns: [],
  highRisk: [],
  ...overrides,
});

const requirement = (reason: ApprovalReason, teamList: string[] = []): ApprovalRequirement => ({ reason, teams: teamList, detail: `${reason} detail` });

const grant = (overrides: Partial<ApprovalGrant> = {}): ApprovalGrant => ({
  by: "alice",
  sha: HEAD,
  reviewId: 1,
  reasons: ["customer_facing"],
  at: "2026-11-20T11:00:00.000Z",
  ...overrides,
});

const state = (requirements: ApprovalRequirement[], grants: ApprovalGrant[]): ApprovalState => ({
  requirements,
  grants,
  enforcement: { ruleset: false, note: "" },
});

let nextReviewId = 100;
const review = (overrides: Partial<ReviewRecord> = {}): ReviewRecord => ({
  id: nextReviewId++,
  login: "alice",
  type: "User",
  state: "APPROVED",
  commitId: HEAD,
  submittedAt: "2026-11-20T11:00:00.000Z",
  ...overrides,
});

const noAuthors: ReadonlySet<string> = new Set();

describe("approvalRequirements", () => {
  it("requires nothing for a low-risk fix that touches no customer-facing code and is no new pattern", () => {
    expect(approvalRequirements({ risk: risk(), newPatternRule: null, teams: teams({ customerFacing: ["web"] }) })).toEqual([]);
  });

  it("requires the customer-facing teams' approval for a fix touching customer-facing paths, naming every path", () => {
    const blast = blastRadius({
      customerFacing: [
        { path: "src/api/users.js", patterns: ["src/api/**"] },
        { path: "src/api/orders.js", patterns: ["src/api/**"] },
      ],
    });
    const requirements = approvalRequirements({ risk: risk({ level: "medium", blast }), newPatternRule: null, teams: teams({ customerFacing: ["web", "org/api"] }) });
    expect(requirements).toEqual([
      { reason: "customer_facing", teams: ["web", "org/api"], detail: "touches customer-facing code: src/api/users.js, src/api/orders.js" },
    ]);
  });

  it("leaves a requirement's teams empty (any writer) when no team is configured for it", () => {
    const blast = blastRadius({ customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }] });
    const [only] = approvalRequirements({ risk: risk({ blast }), newPatternRule: null, teams: teams() });
    expect(only).toMatchObject({ reason: "customer_facing", teams: [] });
  });

  it("requires the new-pattern teams' approval for an AI fix of a rule with no approved pattern", () => {
    const requirements = approvalRequirements({ risk: risk(), newPatternRule: "js/xss", teams: teams({ customerFacing: ["web"], newPatterns: ["appsec"] }) });
    expect(requirements).toEqual([{ reason: "new_pattern", teams: ["appsec"], detail: "an AI fix for js/xss, a rule with no approved pattern yet" }]);
  });

  it("requires the high-risk teams' approval for a high-risk fix, listing only the high reasons", () => {
    const reasons: RiskReason[] = [
      { factor: "importers", level: "high", detail: "25 files import the changed files" },
      { factor: "changed_files", level: "medium", detail: "6 files changed" },
      { factor: "semver", level: "high", detail: "lodash 3.0.0 → 4.0.0: major update" },
      { factor: "strategy", level: "low", detail: "deterministic recipe" },
    ];
    const requirements = approvalRequirements({ risk: risk({ level: "high", reasons }), newPatternRule: null, teams: teams({ customerFacing: ["web"], highRisk: ["security"] }) });
    expect(requirements).toEqual([
      { reason: "high_risk", teams: ["security"], detail: "high risk: 25 files import the changed files; lodash 3.0.0 → 4.0.0: major update" },
    ]);
  });

  it("falls back to the customer-facing teams for a high-risk fix when no high-risk team is named", () => {
    const reasons: RiskReason[] = [{ factor: "importers", level: "high", detail: "25 files import the changed files" }];
    const [only] = approvalRequirements({ risk: risk({ level: "high", reasons }), newPatternRule: null, teams: teams({ customerFacing: ["web", "api"] }) });
    expect(only).toMatchObject({ reason: "high_risk", teams: ["web", "api"] });
  });

  it("does not require high-risk approval for a medium-risk fix, however its reasons read", () => {
    const reasons: RiskReason[] = [{ factor: "changed_files", level: "medium", detail: "6 files changed" }];
    expect(approvalRequirements({ risk: risk({ level: "medium", reasons }), newPatternRule: null, teams: teams({ highRisk: ["security"] }) })).toEqual([]);
  });

  it("asks for one approval per reason, in the order customer-facing, new pattern, high risk", () => {
    const blast = blastRadius({ customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }] });
    const reasons: RiskReason[] = [{ factor: "customer_facing", level: "high", detail: "src/api/users.js matches customer_facing_paths `src/api/**`" }];
    const requirements = approvalRequirements({
      risk: risk({ level: "high", reasons, blast }),
      newPatternRule: "js/sql-injection",
      teams: teams({ customerFacing: ["web"], newPatterns: ["appsec"], highRisk: ["security"] }),
    });
    expect(requirements.map((r) => [r.reason, r.teams])).toEqual([
      ["customer_facing", ["web"]],
      ["new_pattern", ["appsec"]],
      ["high_risk", ["security"]],
    ]);
  });

  it("copies the team lists, so changing a requirement leaves the configured teams alone", () => {
    const configured = teams({ customerFacing: ["web"] });
    const blast = blastRadius({ customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }] });
    const [only] = approvalRequirements({ risk: risk({ blast }), newPatternRule: null, teams: configured });
    only!.teams.push("intruder");
    expect(configured.customerFacing).toEqual(["web"]);
  });
});

describe("unmetRequirements", () => {
  it("returns every requirement while nobody has approved", () => {
    const requirements = [requirement("customer_facing", ["web"]), requirement("high_risk")];
    expect(unmetRequirements(state(requirements, []), HEAD)).toEqual(requirements);
  });

  it("counts a grant for the head towards the reasons it carries, and only those", () => {
    const requirements = [requirement("customer_facing"), requirement("new_pattern"), requirement("high_risk")];
    const unmet = unmetRequirements(state(requirements, [grant({ reasons: ["customer_facing", "high_risk"] })]), HEAD);
    expect(unmet.map((r) => r.reason)).toEqual(["new_pattern"]);
  });

  it("ignores a grant for an older head: a later push needs a new approval", () => {
    const requirements = [requirement("customer_facing")];
    expect(unmetRequirements(state(requirements, [grant({ sha: OLD })]), HEAD).map((r) => r.reason)).toEqual(["customer_facing"]);
  });

  it("is met once grants from different reviewers on the head cover every reason", () => {
    const requirements = [requirement("customer_facing"), requirement("new_pattern")];
    const grants = [grant({ by: "alice", reviewId: 1, reasons: ["customer_facing"] }), grant({ by: "bob", reviewId: 2, reasons: ["new_pattern"] }), grant({ sha: OLD, reasons: ["high_risk"] })];
    expect(unmetRequirements(state(requirements, grants), HEAD)).toEqual([]);
  });
});

describe("standingApprovals", () => {
  it("counts an approval of the head by someone who is neither a bot nor an author", () => {
    const approval = review();
    expect(standingApprovals([approval], { headSha: HEAD, authors: noAuthors })).toEqual([{ review: approval, refused: null }]);
  });

  it("returns nothing for reviews that never approved", () => {
    const reviews = [review({ state: "CHANGES_REQUESTED" }), review({ login: "bob", state: "COMMENTED" }), review({ login: "carol", state: "DISMISSED" })];
    expect(standingApprovals(reviews, { headSha: HEAD, authors: noAuthors })).toEqual([]);
  });

  it("keeps only each reviewer's latest approval", () => {
    const first = review({ commitId: OLD });
    const second = review();
    const decisions = standingApprovals([first, second], { headSha: HEAD, authors: noAuthors });
    expect(decisions).toEqual([{ review: second, refused: null }]);
  });

  it("lets a later changes-requested review cancel an earlier approval", () => {
    const decisions = standingApprovals([review(), review({ state: "CHANGES_REQUESTED" })], { headSha: HEAD, authors: noAuthors });
    expect(decisions).toEqual([]);
  });

  it("lets a later dismissed review cancel an earlier approval", () => {
    const decisions = standingApprovals([review(), review({ state: "DISMISSED" })], { headSha: HEAD, authors: noAuthors });
    expect(decisions).toEqual([]);
  });

  it("keeps an approval standing after the same reviewer only comments", () => {
    const approval = review();
    const decisions = standingApprovals([approval, review({ state: "COMMENTED", commitId: OLD }), review({ state: "PENDING" })], { headSha: HEAD, authors: noAuthors });
    expect(decisions).toEqual([{ review: approval, refused: null }]);
  });

  it("reads review states case-insensitively", () => {
    const approval = review({ state: "approved" });
    expect(standingApprovals([approval], { headSha: HEAD, authors: noAuthors })).toEqual([{ review: approval, refused: null }]);
    expect(standingApprovals([review(), review({ state: "dismissed" })], { headSha: HEAD, authors: noAuthors })).toEqual([]);
  });

  it("treats logins that differ only in case as one reviewer", () => {
    const decisions = standingApprovals([review({ login: "Alice" }), review({ login: "alice", state: "CHANGES_REQUESTED" })], { headSha: HEAD, authors: noAuthors });
    expect(decisions).toEqual([]);
  });

  it("skips reviews whose author is gone (no login)", () => {
    expect(standingApprovals([review({ login: null })], { headSha: HEAD, authors: noAuthors })).toEqual([]);
  });

  it("gives one decision per approving reviewer", () => {
    const decisions = standingApprovals([review({ login: "alice" }), review({ login: "bob" }), review({ login: "carol", state: "CHANGES_REQUESTED" })], {
      headSha: HEAD,
      authors: noAuthors,
    });
    expect(decisions.map((d) => [d.review.login, d.refused])).toEqual([
      ["alice", null],
      ["bob", null],
    ]);
  });

  it("refuses a bot's approval, by account type or by the [bot] suffix", () => {
    const decisions = standingApprovals([review({ login: "renovate", type: "Bot" }), review({ login: "helper[bot]", type: "User" })], { headSha: HEAD, authors: noAuthors });
    expect(decisions.map((d) => d.refused)).toEqual(["bots cannot approve a fix", "bots cannot approve a fix"]);
  });

  it("refuses an approval by someone who wrote part of the change, whatever the case of their login", () => {
    const [decision] = standingApprovals([review({ login: "Mallory" })], { headSha: HEAD, authors: new Set(["mallory"]) });
    expect(decision!.refused).toBe("Mallory wrote part of this change and cannot approve it");
  });

  it("refuses an approval of another commit, naming both commits shortened", () => {
    const [decision] = standingApprovals([review({ commitId: OLD })], { headSha: HEAD, authors: noAuthors });
    expect(decision!.refused).toBe(`the review approves ${OLD.slice(0, 12)}, not the head ${HEAD.slice(0, 12)}`);
  });

  it("refuses an approval that names no commit", () => {
    const [decision] = standingApprovals([review({ commitId: null })], { headSha: HEAD, authors: noAuthors });
    expect(decision!.refused).toMatch(/not the head 1a2b3c4d5e6f$/);
  });
});

describe("grantsFrom", () => {
  it("turns each counted reviewer's review into a grant for its commit and reasons", () => {
    const approval = review({ id: 7, login: "alice", commitId: HEAD, submittedAt: "2026-11-20T11:30:00.000Z" });
    expect(grantsFrom([{ review: approval, reasons: ["customer_facing", "high_risk"] }], "2026-11-21T00:00:00.000Z")).toEqual([
      { by: "alice", sha: HEAD, reviewId: 7, reasons: ["customer_facing", "high_risk"], at: "2026-11-20T11:30:00.000Z" },
    ]);
  });

  it("dates a grant with `at` when the review has no submission time", () => {
    const [only] = grantsFrom([{ review: review({ submittedAt: null }), reasons: ["new_pattern"] }], "2026-11-21T00:00:00.000Z");
    expect(only!.at).toBe("2026-11-21T00:00:00.000Z");
  });

  it("grants nothing for a reviewer authorised for no reason, or a review without commit or login", () => {
    const decisions = [
      { review: review({ login: "nobody" }), reasons: [] as ApprovalReason[] },
      { review: review({ login: "ghost", commitId: null }), reasons: ["customer_facing"] as ApprovalReason[] },
      { review: review({ login: null }), reasons: ["customer_facing"] as ApprovalReason[] },
      { review: review({ login: "bob" }), reasons: ["high_risk"] as ApprovalReason[] },
    ];
    expect(grantsFrom(decisions, "2026-11-21T00:00:00.000Z").map((g) => g.by)).toEqual(["bob"]);
  });
});
