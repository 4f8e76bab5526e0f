import type { Finding } from "../../src/domain/finding.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import type { TestApp } from "../harness/create-test-app.js";
import { repoConfig } from "../harness/github-fixtures.js";
import type { mockGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { codeScanningSnapshot, dependabotSnapshot, findingFrom } from "../factories/finding.js";

/** GitHub's example issue_comment payloads are on Codertocat/Hello-World (default branch master). */
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const REPOSITORY = { id: 186853002, fullName: `${OWNER}/${REPO}`, defaultBranch: "master" };
export const INSTALLATION_ID = 14662836;
export const PULL = 21;
export const BRANCH = "secfix/code/js-sql-injection-7";
export const BASE = "1".repeat(40);
export const HEAD = "4".repeat(40);
export const NEWER_HEAD = "5".repeat(40);

export type Scope = ReturnType<typeof mockGitHub>;

/** A high-severity code-scanning finding (alert #7) that secfix acts on. */
export function codeFinding(overrides: Partial<Finding> = {}): Finding {
  const alert = codeScanningSnapshot({ alertNumber: 7 });
  return findingFrom(alert, {
    installationId: INSTALLATION_ID,
    repository: REPOSITORY,
    triage: {
      severity: "high",
      priority: "P1",
      exposure: { scope: "runtime", customerFacing: true, matchedPatterns: ["src/api/**"] },
      slaDueAt: "2026-11-27T10:00:00.000Z",
      decision: "act",
      duplicateOf: null,
      reasons: ["High severity.", "Customer-facing path src/api/users.js."],
    },
    ...overrides,
  });
}

/** A critical Dependabot finding (alert #3, lodash). */
export function dependencyFinding(overrides: Partial<Finding> = {}): Finding {
  return findingFrom(dependabotSnapshot(), { installationId: INSTALLATION_ID, repository: REPOSITORY, ...overrides });
}

/** secfix's fix for alert #7 on PR #21, gated on HEAD and waiting for a customer-facing approval. */
export function fixAttempt(overrides: Partial<FixAttempt> = {}): FixAttempt {
  return {
    id: `${REPOSITORY.id}:code:7`,
    installationId: INSTALLATION_ID,
    repository: REPOSITORY,
    planKey: "code:7",
    findingIds: [codeFinding().id],
    state: "awaiting_approval",
    strategy: "recipe:sql-injection",
    baseSha: BASE,
    pullRequest: { number: PULL, url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}`, branch: BRANCH, headSha: HEAD, adoptedFrom: null, state: "open" },
    reason: null,
    branchForeign: false,
    fix: { kind: "code", ruleId: "js/sql-injection", alertNumber: 7, path: "src/api/users.js", severity: "high", tool: "CodeQL" },
    changedFiles: ["src/api/users.js"],
    gates: {
      headSha: HEAD,
      startedAt: "2026-11-25T11:00:00.000Z",
      evaluatedAt: "2026-11-25T11:10:00.000Z",
      outcome: "passed",
      verdicts: [
        { gate: "scope", passed: true, evidence: ["1 file changed, all in the plan"] },
        { gate: "ci", passed: true, evidence: ["CodeQL: success", "test: success"] },
      ],
      checkRunId: 5,
    },
    approval: {
      requirements: [{ reason: "customer_facing", teams: ["api-owners"], detail: "changes customer-facing src/api/users.js" }],
      grants: [],
      enforcement: { ruleset: false, note: "No ruleset: test." },
      requested: ["api-owners"],
      ignoredReviewIds: [],
      check: { sha: HEAD, conclusion: "action_required" },
    },
    createdAt: "2026-11-25T10:30:00.000Z",
    updatedAt: "2026-11-25T11:10:00.000Z",
    ...overrides,
  };
}

export async function seed(app: TestApp, findings: Finding[], attempts: FixAttempt[]): Promise<void> {
  await app.store.transaction(async (tx) => {
    for (const finding of findings) await tx.saveFinding(finding);
    for (const attempt of attempts) await tx.saveFixAttempt(attempt);
  });
}

let commentIds = 900_000;

/** A real issue_comment payload, put on PR #21 (or an issue) with the given body and author. */
export function commentEvent(input: {
  body: string;
  author?: string;
  authorType?: "User" | "Bot";
  action?: "created" | "edited" | "deleted";
  issueNumber?: number;
  isPull?: boolean;
  viaApp?: boolean;
  createdAt?: string;
}) {
  const payload = exampleWebhook("issue_comment", input.action ?? "created") as unknown as Record<string, any>;
  const id = ++commentIds;
  const number = input.issueNumber ?? PULL;
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  payload.issue.number = number;
  payload.issue.pull_request = input.isPull === false ? undefined : { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`, html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`, diff_url: null, patch_url: null };
  if (input.isPull === false) delete payload.issue.pull_request;
  payload.comment.id = id;
  payload.comment.body = input.body;
  payload.comment.html_url = `https://github.com/${OWNER}/${REPO}/pull/${number}#issuecomment-${id}`;
  payload.comment.created_at = input.createdAt ?? "2026-11-25T12:00:00Z";
  payload.comment.user = { ...payload.comment.user, login: input.author ?? "alice", id: 5000 + (input.author ?? "alice").length, type: input.authorType ?? "User" };
  payload.comment.performed_via_github_app = input.viaApp ? { id: 90210, slug: "secfix", name: "secfix" } : null;
  return { id: `comment-${id}`, name: "issue_comment", payload, commentId: id };
}

/** GitHub's answer to `GET /pulls/21`: secfix's PR at `head`. */
export function pullDetails(head = HEAD, overrides: Record<string, unknown> = {}) {
  return {
    number: PULL,
    node_id: "PR_kwDOFBn0Fs5xyz",
    state: "open",
    merged: false,
    draft: false,
    title: "fix(security): prevent SQL injection in src/api/users.js",
    html_url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}`,
    user: { login: "secfix[bot]", id: 9001, type: "Bot" },
    head: { sha: head, ref: BRANCH, repo: { full_name: `${OWNER}/${REPO}` } },
    base: { sha: BASE, ref: "master" },
    mergeable: true,
    mergeable_state: "blocked",
    merge_commit_sha: "6".repeat(40),
    ...overrides,
  };
}

/** What every command run starts with: the 👀 reaction. */
export function acknowledge(github: Scope, commentId: number): void {
  github.post(`/repos/${OWNER}/${REPO}/issues/comments/${commentId}/reactions`, { content: "eyes" }).reply(201, { id: 1, content: "eyes" });
}

/** The reply and the closing reaction; the reply's body is captured for assertions. */
export function reply(github: Scope, commentId: number, reaction: "+1" | "-1" | "confused", issueNumber = PULL): { body: () => string } {
  let body = "";
  github
    .post(`/repos/${OWNER}/${REPO}/issues/${issueNumber}/comments`, (sent: { body: string }) => {
      body = sent.body;
      return true;
    })
    .reply(201, { id: 77_000 + commentId % 1000, html_url: `https://github.com/${OWNER}/${REPO}/pull/${issueNumber}#issuecomment-77` });
  github.post(`/repos/${OWNER}/${REPO}/issues/comments/${commentId}/reactions`, { content: reaction }).reply(201, { id: 2, content: reaction });
  return { body: () => body };
}

export function config(github: Scope, yaml = "approvers:\n  customer_facing: [api-owners]\n  security: [appsec]\n"): void {
  repoConfig(github, OWNER, REPO, yaml);
}

export function permission(github: Scope, user: string, level: "admin" | "write" | "read" | "none"): void {
  github.get(`/repos/${OWNER}/${REPO}/collaborators/${user}/permission`).reply(200, { permission: level, role_name: level, user: { login: user } });
}

export function teamMember(github: Scope, team: string, user: string, member: boolean): void {
  const call = github.get(`/orgs/${OWNER}/teams/${team}/memberships/${user}`);
  if (member) call.reply(200, { role: "member", state: "active", url: "https://api.github.com/x" });
  else call.reply(404, { message: "Not Found" });
}
