import { afterEach, describe, expect, it } from "vitest";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { repoConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { DB_JS, QUERY_LINE } from "../patch/llm/llm-fixtures.js";

useStrictGitHub();

// GitHub's example code scanning alert: Codertocat/Hello-World, default branch master.
const OWNER = "Codertocat";
const REPO = "Hello-World";
const REPO_ID = 337911632;
const BASE = "1".repeat(40);
const HEAD = "4".repeat(40);
const MERGE_COMMIT = "6".repeat(40);
const BRANCH = "secfix/code/js-sql-injection-10";
const CONFIG = "customer_facing_paths: ['src/**']\napprovers:\n  customer_facing: [my-org/api-owners]\nauto_merge:\n  enabled: true\n";
const SOURCE = DB_JS.replace('const db = require("./db-pool");', 'const db = require("mysql2/promise").createPool({});');
const FIXED = SOURCE.split("\n")
  .map((line, index) => (index === QUERY_LINE - 1 ? '  return db.query("SELECT * FROM users WHERE name = ?", [String(name)]);' : line))
  .join("\n");
const ROUTE = 'const { findUser } = require("../db");\nmodule.exports = (req, res) => findUser(req.query.name).then((rows) => res.json(rows));\n';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

type Scope = ReturnType<typeof mockGitHub>;
const contents = (github: Scope, path: string, ref: string, text: string | null) =>
  text === null
    ? github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(404, { message: "Not Found" })
    : github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(200, text, { "content-type": "text/plain" });

/** The alert arrives and the recipe's fix is published as PR #21 with secfix's commit HEAD. */
async function publishFix(): Promise<void> {
  app = await createTestApp();
  const payload = exampleWebhook("code_scanning_alert", "created");
  const alert = {
    ...payload.alert,
    rule: { ...payload.alert.rule, id: "js/sql-injection", security_severity_level: "high", tags: ["security", "external/cwe/cwe-089"], help: "Use a parameterised query." },
    most_recent_instance: { ref: "refs/heads/master", state: "open", message: { text: "This query depends on a user-provided value." }, location: { path: "src/db.js", start_line: QUERY_LINE, end_line: QUERY_LINE } },
  };
  const github = mockGitHub();
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alert);
  await app.probot.receive({ id: "code-1", name: "code_scanning_alert", payload } as never);
  await app.worker.runUntilIdle();
  app.clock.advance(15_000);
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
  contents(github, "src/db.js", BASE, SOURCE);
  github.post(`/repos/${OWNER}/${REPO}/git/trees`).reply(201, { sha: "3".repeat(40) });
  github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: HEAD });
  github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
  github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, { number: 21, html_url: "https://github.com/x/y/pull/21", head: { sha: HEAD, ref: BRANCH }, user: { login: "secfix[bot]" }, state: "open" });
  github.post(`/repos/${OWNER}/${REPO}/issues/21/labels`).reply(200, []);
  github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
  await app.worker.runUntilIdle();
  resetGitHubMock();
}

const pullDetails = (head = HEAD) => ({
  number: 21,
  node_id: "PR_kwDOFBn0Fs5xyz",
  state: "open",
  merged: false,
  draft: false,
  title: "fix(security): prevent SQL injection in src/db.js",
  html_url: "https://github.com/x/y/pull/21",
  user: { login: "secfix[bot]", id: 9001, type: "Bot" },
  head: { sha: head, ref: BRANCH, repo: { full_name: `${OWNER}/${REPO}` } },
  base: { sha: BASE, ref: "master" },
  mergeable: true,
  mergeable_state: "blocked",
  merge_commit_sha: MERGE_COMMIT,
});

/** The gates on HEAD: local checks, CI green, and CodeQL's analysis of the merge commit without the alert. */
function gatesPass(github: Scope) {
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/pulls/21`).times(2).reply(200, pullDetails());
  github.get(`/repos/${OWNER}/${REPO}/compare/master...${HEAD}`).query(true).reply(200, {
    ahead_by: 1,
    behind_by: 0,
    merge_base_commit: { sha: BASE },
    files: [{ filename: "src/db.js", status: "modified" }],
    commits: [{ sha: HEAD, author: { login: "secfix[bot]", type: "Bot" }, committer: { login: "web-flow", type: "User" } }],
  });
  contents(github, "src/db.js", BASE, SOURCE);
  contents(github, "src/db.js", HEAD, FIXED);
  github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, {
    total_count: 1,
    check_runs: [{ name: "CodeQL", status: "completed", conclusion: "success", html_url: "https://github.com/x/y/runs/2", app: { id: 57789, slug: "github-code-scanning" } }],
  });
  github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/status`).query(true).reply(200, { state: "success", statuses: [], total_count: 0 });
  github.get(`/repos/${OWNER}/${REPO}/branches/master/protection/required_status_checks`).reply(404, { message: "Branch not protected" });
  github.get(`/repos/${OWNER}/${REPO}/rules/branches/master`).query(true).reply(200, []);
  github.get(`/repos/${OWNER}/${REPO}/code-scanning/analyses`).query(true).reply(200, [
    { ref: "refs/pull/21/merge", commit_sha: MERGE_COMMIT, created_at: "2026-11-25T12:00:20Z", tool: { name: "CodeQL" }, error: "", id: 7 },
  ]);
  github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts`).query((q) => q.ref === "refs/pull/21/merge").reply(200, []);
  github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts`).query((q) => q.ref === undefined).reply(200, [
    { number: 10, rule: { id: "js/sql-injection", security_severity_level: "high" }, most_recent_instance: { location: { path: "src/db.js", start_line: QUERY_LINE } } },
  ]);
}

/** GitHub's push log of the fix branch: only secfix pushed to it. */
function pushLog(github: Scope) {
  github
    .get(`/repos/${OWNER}/${REPO}/activity`)
    .query(true)
    .reply(200, [{ id: 1, node_id: "A1", before: "0".repeat(40), after: HEAD, ref: `refs/heads/${BRANCH}`, timestamp: "2026-11-25T12:00:16Z", activity_type: "branch_creation", actor: { login: "secfix[bot]", id: 9001, type: "Bot" } }]);
}

/** Risk reads the tree, the files that might import src/db.js, and CODEOWNERS. */
function riskReads(github: Scope) {
  github.get(`/repos/${OWNER}/${REPO}/git/trees/${HEAD}`).query({ recursive: "true" }).reply(200, {
    sha: HEAD,
    truncated: false,
    tree: [
      { path: "src", type: "tree", sha: "a".repeat(40) },
      { path: "src/db.js", type: "blob", size: SOURCE.length, sha: "b".repeat(40) },
      { path: "src/routes/users.js", type: "blob", size: ROUTE.length, sha: "c".repeat(40) },
      { path: "README.md", type: "blob", size: 10, sha: "d".repeat(40) },
    ],
  });
  contents(github, "src/routes/users.js", HEAD, ROUTE);
  contents(github, ".github/CODEOWNERS", "master", "# owners\nsrc/ @my-org/backend\n");
}

const review = (id: number, login: string, state: string, commitId: string, type = "User") => ({
  id,
  user: { login, id: id + 1000, type },
  state,
  commit_id: commitId,
  submitted_at: "2026-11-25T12:01:00Z",
  body: "",
  html_url: "u",
  author_association: "MEMBER",
});

async function attempt(): Promise<FixAttempt> {
  const [only] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: REPO_ID }));
  return only!;
}

describe("a customer-facing code fix, from alert to an approval-blocked PR", () => {
  it("passes its gates, is high risk, asks the customer-facing team, and blocks on secfix/approval", async () => {
    await publishFix();
    const github = mockGitHub();
    gatesPass(github);
    const checks: Record<string, any>[] = [];
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => (checks.push(body), true)).times(2).reply(201, { id: 601 });
    github.patch(`/repos/${OWNER}/${REPO}/check-runs/601`, (body) => (checks.push(body), true)).reply(200, { id: 601 });
    riskReads(github);
    let asked: unknown;
    github.post(`/repos/${OWNER}/${REPO}/pulls/21/requested_reviewers`, (body) => ((asked = body), true)).reply(201, {});
    github.get("/orgs/my-org/teams/api-owners").reply(200, { id: 42, slug: "api-owners", name: "API owners" });
    // Without Administration write the app cannot keep a ruleset: the check alone enforces approval.
    github.get(`/repos/${OWNER}/${REPO}/rulesets`).query(true).reply(403, { message: "Resource not accessible by integration" });
    github.get(`/repos/${OWNER}/${REPO}/pulls/21/reviews`).query(true).reply(200, []);
    pushLog(github);
    github.get(`/repos/${OWNER}/${REPO}/issues/21/comments`).query(true).reply(200, []);
    let comment = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/21/comments`, (body: { body: string }) => ((comment = body.body), true)).reply(201, { id: 901 });

    app.clock.advance(10_000);
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(requests.map((r) => r.operationId)).toEqual([
      "repos/get-content", // config
      "pulls/get",
      "repos/compare-commits",
      "repos/get-content", // src/db.js at the merge base
      "repos/get-content", // src/db.js at the head
      "checks/list-for-ref",
      "repos/get-combined-status-for-ref",
      "repos/get-status-checks-protection",
      "repos/get-branch-rules",
      "code-scanning/list-recent-analyses", // the merge commit's analysis
      "code-scanning/list-alerts-for-repo", // open on the PR
      "code-scanning/list-alerts-for-repo", // open on master
      "pulls/get",
      "checks/create",
      "checks/update",
      "git/get-tree",
      "repos/get-content", // src/routes/users.js: does it import src/db.js?
      "repos/get-content", // .github/CODEOWNERS
      "pulls/request-reviewers",
      "teams/get-by-name",
      "repos/get-repo-rulesets",
      "pulls/list-reviews",
      "repos/list-activities",
      "checks/create", // secfix/approval
      "issues/list-comments",
      "issues/create-comment",
    ]);
    expect(checks[1]).toMatchObject({ conclusion: "success" });
    expect(checks[2]).toMatchObject({ name: "secfix/approval", head_sha: HEAD, conclusion: "action_required" });
    expect(asked).toEqual({ reviewers: [], team_reviewers: ["api-owners"] });
    const blocked = await attempt();
    expect(blocked.state).toBe("awaiting_approval");
    expect(blocked.risk).toMatchObject({ level: "high", blast: { customerFacing: [{ path: "src/db.js", patterns: ["src/**"] }], importers: { "src/db.js": ["src/routes/users.js"] }, owners: { "src/db.js": ["@my-org/backend"] } } });
    expect(blocked.approval!.requirements.map((r) => r.reason)).toEqual(["customer_facing", "high_risk"]);
    expect(blocked.approval!.enforcement).toMatchObject({ ruleset: false });
    expect(blocked.approval!.enforcement.note).toMatch(/Administration/);
    expect(comment).toContain("Approval");
    expect(comment).toContain("⏳ waiting");
    expect(requests.some((r) => r.operationId === "pulls/merge")).toBe(false);
  });

  it("counts only an authorised reviewer's approval of the current head, never merges a high-risk fix itself", async () => {
    await publishFix();
    const github = mockGitHub();
    gatesPass(github);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).times(2).reply(201, { id: 601 });
    github.patch(`/repos/${OWNER}/${REPO}/check-runs/601`).reply(200, { id: 601 });
    riskReads(github);
    github.post(`/repos/${OWNER}/${REPO}/pulls/21/requested_reviewers`).reply(201, {});
    github.get("/orgs/my-org/teams/api-owners").reply(200, { id: 42, slug: "api-owners" });
    github.get(`/repos/${OWNER}/${REPO}/rulesets`).query(true).reply(200, []);
    let ruleset: Record<string, any> | undefined;
    github.post(`/repos/${OWNER}/${REPO}/rulesets`, (body) => ((ruleset = body), true)).reply(201, { id: 77, name: "secfix: customer-facing review" });
    github.get(`/repos/${OWNER}/${REPO}/pulls/21/reviews`).query(true).reply(200, []);
    pushLog(github);
    github.get(`/repos/${OWNER}/${REPO}/issues/21/comments`).query(true).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/issues/21/comments`).reply(201, { id: 901 });
    app.clock.advance(10_000);
    await app.worker.runUntilIdle();
    expect(ruleset!.rules[0].parameters.required_reviewers).toEqual([{ reviewer: { id: 42, type: "Team" }, file_patterns: ["src/**"], minimum_approvals: 1 }]);
    expect((await attempt()).approval!.enforcement.ruleset).toBe(true);
    resetGitHubMock();

    // Reviews arrive: one of an older commit, one from outside the team, one by a bot, then a member's of the head.
    const repository = exampleWebhook("code_scanning_alert", "created").repository;
    const submitted = exampleWebhook("pull_request_review", "submitted");
    await app.probot.receive({
      id: "review",
      name: "pull_request_review",
      payload: { ...submitted, installation: { id: 14662836, node_id: "x" }, repository, pull_request: { ...submitted.pull_request, number: 21, head: { ...submitted.pull_request.head, ref: BRANCH, sha: HEAD } } },
    } as never);
    repoConfig(github, OWNER, REPO, CONFIG);
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
    github.get(`/repos/${OWNER}/${REPO}/compare/master...${HEAD}`).query(true).reply(200, {
      ahead_by: 1,
      behind_by: 0,
      merge_base_commit: { sha: BASE },
      files: [{ filename: "src/db.js", status: "modified" }],
      commits: [{ sha: HEAD, author: { login: "secfix[bot]", type: "Bot" }, committer: { login: "web-flow", type: "User" } }],
    });
    github.get(`/repos/${OWNER}/${REPO}/pulls/21/reviews`).query(true).reply(200, [
      review(1, "octo-other", "APPROVED", "9".repeat(40)),
      review(2, "mallory", "APPROVED", HEAD),
      review(3, "helper-bot[bot]", "APPROVED", HEAD, "Bot"),
      review(4, "octo-lead", "APPROVED", HEAD),
    ]);
    pushLog(github);
    github.get("/orgs/my-org/teams/api-owners/memberships/mallory").times(2).reply(404, { message: "Not Found" });
    github.get("/orgs/my-org/teams/api-owners/memberships/octo-lead").times(2).reply(200, { state: "active", role: "member", url: "u" });
    const approvals: Record<string, any>[] = [];
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => (approvals.push(body), true)).reply(201, { id: 602 });
    let edited = "";
    github.patch(`/repos/${OWNER}/${REPO}/issues/comments/901`, (body: { body: string }) => ((edited = body.body), true)).reply(200, { id: 901 });
    app.clock.advance(10_000);
    await app.worker.runUntilIdle();

    expect(approvals).toEqual([expect.objectContaining({ name: "secfix/approval", head_sha: HEAD, conclusion: "success" })]);
    const approved = await attempt();
    expect(approved.approval!.grants).toEqual([expect.objectContaining({ by: "octo-lead", sha: HEAD, reasons: ["customer_facing", "high_risk"] })]);
    // Cleared to merge, but a high-risk fix waits for a person: secfix does not merge it itself.
    expect(approved).toMatchObject({ state: "merging", merge: { status: "waiting" } });
    expect(approved.merge!.note).toMatch(/risk is high/);
    expect(requests.some((r) => r.operationId === "pulls/merge")).toBe(false);
    expect(edited).toContain("approved by octo-lead");
    const ignored = (await app.store.read((reader) => reader.listAuditEvents())).filter((e) => e.action === "fix.approval_ignored").map((e) => e.details.reason);
    expect(ignored).toEqual([
      expect.stringMatching(/approves 999999999999, not the head/),
      expect.stringMatching(/mallory is not a member of my-org\/api-owners/),
      "bots cannot approve a fix",
    ]);
  });
});
