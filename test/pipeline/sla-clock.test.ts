import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.js";
import type { DependencyPatcher } from "../../src/domain/dependency-fix.js";
import type { Finding } from "../../src/domain/finding.js";
import { escalationMarker } from "../../src/github/escalation-issue.js";
import { JOB_KINDS, SLA_CHECK_KIND } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { repoConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";

useStrictGitHub();

// GitHub's example Dependabot alert (#20, semver < 7.5.2 in wolfy1339/pika-pack), made critical and
// opened when the test starts: a 24-hour SLA, at risk at 00:00 and 06:00, breached at 12:00 the next day.
const OWNER = "wolfy1339";
const REPO = "pika-pack";
const REPO_ID = 512875663;
const FINDING = `${REPO_ID}:dependabot:20`;
const START = "2026-11-25T12:00:00.000Z";
const HALF = "2026-11-26T00:00:00.000Z";
const THREE_QUARTERS = "2026-11-26T06:00:00.000Z";
const DUE = "2026-11-26T12:00:00.000Z";
const CONFIG = "sla:\n  escalate_to: [security]\n";
const CODEOWNERS = "* @wolfy1339/core\npackage-lock.json @wolfy1339/web @alice\n";
const TITLE = "SLA breached: semver vulnerable to Regular Expression Denial of Service (Dependabot alert #20)";
const ISSUE_URL = `https://github.com/${OWNER}/${REPO}/issues/42`;

type Scope = ReturnType<typeof mockGitHub>;

let app: TestApp;
afterEach(async () => {
  await app.close();
});

function criticalAlert(overrides: Record<string, unknown> = {}) {
  const payload = exampleWebhook("dependabot_alert", "created");
  return {
    ...payload.alert,
    created_at: START,
    updated_at: START,
    security_advisory: { ...payload.alert.security_advisory, severity: "critical" },
    security_vulnerability: { ...payload.alert.security_vulnerability, severity: "critical" },
    ...overrides,
  };
}

/** GitHub tells secfix about the alert; the sync job reads it (as `alert`) and triages it. */
async function deliverAlert(github: Scope, id: string, alert: Record<string, unknown>, options: { action?: string; config?: string } = {}): Promise<void> {
  const payload = exampleWebhook("dependabot_alert", "created");
  repoConfig(github, OWNER, REPO, options.config ?? CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, alert);
  await app.probot.receive({ id, name: "dependabot_alert", payload: { ...payload, action: options.action ?? "created", alert } } as never);
  await app.worker.runUntilIdle();
}

const contents = (github: Scope, path: string, ref: string, text: string | null) =>
  text === null
    ? github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(404, { message: "Not Found" })
    : github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(200, text, { "content-type": "text/plain" });

/** What every acting timer reads first: the configuration and the owners of package-lock.json. */
function slaPassReads(github: Scope, config = CONFIG): void {
  repoConfig(github, OWNER, REPO, config);
  contents(github, ".github/CODEOWNERS", "master", CODEOWNERS);
}

function issueResponse(overrides: Record<string, unknown> = {}) {
  return {
    number: 42,
    html_url: ISSUE_URL,
    state: "open",
    title: TITLE,
    body: escalationMarker(FINDING),
    user: { login: "secfix[bot]", type: "Bot" },
    assignees: [{ login: "alice" }, { login: "bob" }],
    labels: [{ name: "sla:breached" }],
    ...overrides,
  };
}

/** No open issue carries the finding's marker; the security team has two members. */
function newIssueMocks(github: Scope, capture: (body: Record<string, any>) => void, response = issueResponse()): void {
  github.get(`/repos/${OWNER}/${REPO}/issues`).query({ creator: "secfix[bot]", state: "open", per_page: "100" }).reply(200, []);
  github.get(`/orgs/${OWNER}/teams/security/members`).query({ per_page: "100" }).reply(200, [
    { login: "alice", type: "User" },
    { login: "bob", type: "User" },
  ]);
  github.post(`/repos/${OWNER}/${REPO}/issues`, (body) => (capture(body), true)).reply(201, response);
}

async function finding(): Promise<Finding> {
  return (await app.store.read((reader) => reader.getFinding(FINDING)))!;
}

async function slaJobs(state?: "queued") {
  return (await app.store.read((reader) => reader.listJobs(state))).filter((job) => job.kind === SLA_CHECK_KIND);
}

async function actions(): Promise<string[]> {
  return (await app.store.read((reader) => reader.listAuditEvents())).map((event) => event.action);
}

async function auditOf(action: string) {
  return (await app.store.read((reader) => reader.listAuditEvents())).filter((event) => event.action === action);
}

/** These tests run the SLA clock (a harness that leaves it off by default is asked to run it). */
const SLA_CLOCK = { slaClock: true };
/** Timer tests that need no fix PR leave the fix pipeline out. */
const WITHOUT_FIXES = { ...SLA_CLOCK, skipJobKinds: [JOB_KINDS.fixDependencies, JOB_KINDS.gateFix] };

describe("the SLA clock's timers", () => {
  it("queues three timers when a critical alert is synced, and none more when it is synced again", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());

    expect(await finding()).toMatchObject({ triage: { decision: "act", slaDueAt: DUE }, sla: { dueAt: DUE, notified: [], escalation: null } });
    const timers = await slaJobs("queued");
    expect(timers.map((job) => [job.runAt, job.key])).toEqual([
      [HALF, `sla.check:${FINDING}:50:${DUE}`],
      [THREE_QUARTERS, `sla.check:${FINDING}:75:${DUE}`],
      [DUE, `sla.check:${FINDING}:100:${DUE}`],
    ]);
    expect((await auditOf("finding.triaged"))[0]!.details).toMatchObject({ decision: "act", slaDueAt: DUE });

    // GitHub sends the alert again with a newer update time: the finding is saved again, the timers stay three.
    app.clock.advance(60_000);
    await deliverAlert(github, "alert-again", criticalAlert({ updated_at: "2026-11-25T12:01:00Z" }));
    expect((await finding()).alert.updatedAt).toBe("2026-11-25T12:01:00Z");
    expect(await slaJobs()).toHaveLength(3);
  });

  it("makes old timers stale when the due time changes, and lets the fresh ones act", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());

    // An hour later the SLA for critical findings becomes 48 hours, and the alert is synced again.
    const longer = "sla:\n  critical: 48h\n  escalate_to: [security]\n";
    app.clock.advance(3_600_000);
    await deliverAlert(github, "alert-again", criticalAlert({ updated_at: "2026-11-25T13:00:00Z" }), { config: longer });
    const newDue = "2026-11-27T12:00:00.000Z";
    expect((await finding()).sla?.dueAt).toBe(newDue);
    expect((await slaJobs("queued")).map((job) => job.runAt)).toEqual([HALF, THREE_QUARTERS, DUE, DUE, "2026-11-27T00:00:00.000Z", newDue]);
    resetGitHubMock();

    // The old 50 % timer fires: it finds the finding due at another time and says nothing to anyone.
    app.clock.set(HALF);
    expect(await app.worker.runUntilIdle()).toBe(1);
    expect(requests).toEqual([]);

    // At 24 hours the old 75 % and 100 % timers are as stale; the new 50 % one opens an at-risk issue.
    app.clock.set(DUE);
    slaPassReads(github, longer);
    let created: Record<string, any> = {};
    newIssueMocks(github, (body) => (created = body), issueResponse({ labels: [{ name: "sla:at-risk" }] }));
    expect(await app.worker.runUntilIdle()).toBe(3);
    expect(created).toMatchObject({ title: TITLE.replace("SLA breached", "SLA at risk"), labels: ["sla:at-risk"], assignees: ["alice", "bob"] });
    expect(created.body).toContain("50 % of this critical finding's SLA (2 days from when GitHub opened the alert) is gone: it is due **2026-11-27 12:00 UTC**, 24 hours from now.");
    expect(created.body).toContain("| Waiting for | a fix: secfix has not proposed one for this finding yet |");
    expect(await auditOf("sla.at_risk")).toHaveLength(1);
    expect(await auditOf("sla.breached")).toHaveLength(0);
    expect((await finding()).sla).toMatchObject({ dueAt: newDue, notified: [50], escalation: { issueNumber: 42, url: ISSUE_URL } });
  });

  it("triages the finding again when a timer finds the configured SLA changed, which sets fresh timers", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());
    resetGitHubMock();

    // The configuration changed (48 hours) but no alert event came: the 50 % timer notices.
    const longer = "sla:\n  critical: 48h\n";
    app.clock.set(HALF);
    repoConfig(github, OWNER, REPO, longer, 2);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, criticalAlert());
    expect(await app.worker.runUntilIdle()).toBe(2);

    expect(requests.map((request) => request.operationId)).toEqual(["repos/get-content", "repos/get-content", "dependabot/get-alert"]);
    expect((await finding()).sla).toMatchObject({ dueAt: "2026-11-27T12:00:00.000Z", notified: [] });
    expect((await slaJobs("queued")).map((job) => job.runAt)).toEqual([THREE_QUARTERS, DUE, DUE, "2026-11-27T00:00:00.000Z", "2026-11-27T12:00:00.000Z"]);
  });
});

// ---------------------------------------------------------------------------------------------

const BASE = "1".repeat(40);
const HEAD = "4".repeat(40);
const BRANCH = "secfix/npm/semver-7.5.2";
const PACKAGE_JSON = '{\n  "dependencies": {\n    "semver": "^7.5.1"\n  }\n}\n';
const lockfile = (version: string) =>
  `${JSON.stringify({ name: "pika-pack", lockfileVersion: 3, requires: true, packages: { "": { dependencies: { semver: `^${version}` } }, "node_modules/semver": { version } } }, null, 2)}\n`;

/** A stand-in for the npm patcher (tested on its own): bumps semver to 7.5.2. */
const semverPatcher: DependencyPatcher = {
  ecosystem: "npm",
  async patch(request, files) {
    const manifest = (await files.read("package.json"))!;
    const lock = (await files.read("package-lock.json"))!;
    return {
      status: "patched",
      strategy: "npm-direct",
      files: [
        { path: "package.json", before: manifest, after: manifest.replace('"^7.5.1"', '"^7.5.2"') },
        { path: "package-lock.json", before: lock, after: lockfile("7.5.2") },
      ],
      packageName: request.packageName,
      fromVersion: "7.5.1",
      toVersion: "7.5.2",
      relationship: "direct",
      chain: ["semver@7.5.2"],
      explanation: ["7.5.2 is the lowest version outside < 7.5.2."],
    };
  },
};

/** The fix pass publishes PR #7 for the alert. */
async function publishFix(github: Scope): Promise<void> {
  app.clock.advance(15_000);
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
  github.get(`/repos/${OWNER}/${REPO}/pulls`).query(true).reply(200, []);
  contents(github, "package.json", BASE, PACKAGE_JSON);
  contents(github, "package-lock.json", BASE, lockfile("7.5.1"));
  github.post(`/repos/${OWNER}/${REPO}/git/trees`).reply(201, { sha: "3".repeat(40), tree: [] });
  github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: HEAD });
  github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, { ref: `refs/heads/${BRANCH}` });
  github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, { number: 7, html_url: `https://github.com/${OWNER}/${REPO}/pull/7`, head: { sha: HEAD, ref: BRANCH }, user: { login: "secfix[bot]" }, state: "open" });
  github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`).reply(200, []);
  github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 90 });
  await app.worker.runUntilIdle();
  resetGitHubMock();
}

describe("the SLA clock across restarts", () => {
  it("labels and comments on the fix PR at half the SLA and opens the escalation issue at its end, after restarts; closes it when the alert is fixed", async () => {
    app = await createTestApp({ ...SLA_CLOCK, dependencyPatcher: async () => semverPatcher, skipJobKinds: [JOB_KINDS.gateFix] });
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());
    await publishFix(github);
    const fix = (await app.store.read((reader) => reader.listFixAttempts({ repositoryId: REPO_ID })))[0]!;
    expect(fix).toMatchObject({ state: "proposed", pullRequest: { number: 7, state: "open" } });

    // The process restarts; twelve hours after the alert opened, the 50 % timer fires.
    app = await app.restart();
    app.clock.set(HALF);
    slaPassReads(github);
    let label: unknown;
    github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`, (body) => ((label = body), true)).reply(200, [{ name: "sla:at-risk" }]);
    github.get(`/repos/${OWNER}/${REPO}/issues/7/comments`).query(true).reply(200, []);
    let comment = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body: { body: string }) => ((comment = body.body), true)).reply(201, { id: 901 });
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(requests.map((request) => request.operationId)).toEqual([
      "repos/get-content", // configuration
      "repos/get-content", // .github/CODEOWNERS
      "issues/add-labels",
      "issues/list-comments", // said already?
      "issues/create-comment",
    ]);
    expect(label).toEqual({ labels: ["sla:at-risk"] });
    expect(comment).toContain("⏳ **SLA at risk: 50 % gone.** This pull request fixes [Dependabot alert #20](https://github.com/wolfy1339/pika-pack/security/dependabot/20)");
    expect(comment).toContain("it is due **2026-11-26 12:00 UTC**, 12 hours from now.");
    expect(comment).toContain("**Waiting for:** CI and secfix's gates on #7.");
    expect(comment).toContain("cc @wolfy1339/web @alice @wolfy1339/security");
    expect((await finding()).sla).toMatchObject({ notified: [50], atRiskPulls: [7], escalation: null });
    resetGitHubMock();

    // Another restart; the SLA runs out. The 75 % timer, late, says nothing; the 100 % one escalates.
    app = await app.restart();
    app.clock.set("2026-11-26T12:30:00.000Z");
    slaPassReads(github);
    let created: Record<string, any> = {};
    newIssueMocks(github, (body) => (created = body));
    expect(await app.worker.runUntilIdle()).toBe(2);

    expect(requests.map((request) => request.operationId)).toEqual([
      "repos/get-content",
      "repos/get-content",
      "issues/list-for-repo", // an issue a stopped pass opened?
      "teams/list-members-in-org",
      "issues/create",
    ]);
    expect(created).toMatchObject({ title: TITLE, labels: ["sla:breached"], assignees: ["alice", "bob"] });
    expect(created.body).toContain(escalationMarker(FINDING));
    expect(created.body).toContain("was due **2026-11-26 12:00 UTC** (SLA: 24 hours from when GitHub opened the alert) and is **30 minutes late**.");
    expect(created.body).toContain(`in [#7](https://github.com/${OWNER}/${REPO}/pull/7) |`);
    expect(created.body).toContain("| Owners (CODEOWNERS) | @wolfy1339/web @alice |");
    expect(created.body).toContain("| Escalated to | @wolfy1339/security |");
    expect(created.body).toContain("`/secfix retry`");
    expect((await finding()).sla).toMatchObject({ notified: [50, 100], escalation: { issueNumber: 42, url: ISSUE_URL } });
    const [breached] = await auditOf("sla.breached");
    expect(breached!.details).toMatchObject({ threshold: 100, dueAt: DUE, via: "issue", issue: 42, created: true, elapsedPercent: 102 });
    resetGitHubMock();

    // The alert is fixed on GitHub: the issue closes with the time to resolution, and the PR loses its label.
    app.clock.set("2026-11-26T14:00:00.000Z");
    github.get(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse());
    github.get(`/repos/${OWNER}/${REPO}/issues/42/comments`).query(true).reply(200, []);
    let closing = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/42/comments`, (body: { body: string }) => ((closing = body.body), true)).reply(201, { id: 902 });
    let closed: unknown;
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`, (body) => ((closed = body), true)).reply(200, issueResponse({ state: "closed" }));
    github.delete(`/repos/${OWNER}/${REPO}/issues/7/labels/${encodeURIComponent("sla:at-risk")}`).reply(200, []);
    await deliverAlert(github, "fixed", criticalAlert({ state: "fixed", fixed_at: "2026-11-26T14:00:00Z" }), { action: "fixed" });

    expect(requests.map((request) => request.operationId).slice(-6)).toEqual([
      "dependabot/get-alert",
      "issues/get",
      "issues/list-comments",
      "issues/create-comment",
      "issues/update",
      "issues/remove-label",
    ]);
    expect(closing).toContain("✅ **Resolved.** GitHub closed [Dependabot alert #20]");
    expect(closing).toContain("as fixed on 2026-11-26 14:00 UTC, 26 hours after it opened.");
    expect(closing).toContain("The SLA (due 2026-11-26 12:00 UTC) was missed by 2 hours.");
    expect(closed).toEqual({ state: "closed", state_reason: "completed" });
    expect((await auditOf("finding.resolved"))[0]!.details).toMatchObject({ timeToResolutionMs: 26 * 3_600_000 });
    expect((await auditOf("sla.resolved"))[0]!.details).toMatchObject({ met: false, closedIssue: 42, unlabelledPulls: [7], timeToResolutionMs: 26 * 3_600_000 });
    expect((await finding()).sla).toMatchObject({ dueAt: null, atRiskPulls: [], escalation: { issueNumber: 42 } });
    expect(await actions()).toEqual(expect.arrayContaining(["finding.triaged", "sla.at_risk", "sla.breached", "finding.resolved", "sla.resolved"]));
    expect((await verifyAuditChain(await app.store.read((reader) => reader.listAuditEvents()))).ok).toBe(true);
  });
});

describe("the escalation issue", () => {
  /** The alert, breached an hour ago when secfix first runs its timers: issue #42 opens. */
  async function breach(github: Scope): Promise<void> {
    await deliverAlert(github, "alert", criticalAlert());
    app.clock.set("2026-11-26T13:00:00.000Z");
    slaPassReads(github);
    newIssueMocks(github, () => undefined);
    expect(await app.worker.runUntilIdle()).toBe(3);
    expect((await finding()).sla?.escalation?.issueNumber).toBe(42);
    resetGitHubMock();
  }

  it("reopens and updates the same issue when the alert comes back past its due time, never a second one", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await breach(github);

    // Dismissed on GitHub: the issue is closed.
    app.clock.set("2026-11-26T14:00:00.000Z");
    github.get(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse());
    github.get(`/repos/${OWNER}/${REPO}/issues/42/comments`).query(true).reply(200, []);
    let closing = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/42/comments`, (body: { body: string }) => ((closing = body.body), true)).reply(201, { id: 903 });
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse({ state: "closed" }));
    const dismissed = criticalAlert({ state: "dismissed", dismissed_at: "2026-11-26T14:00:00Z", dismissed_reason: "tolerable_risk" });
    await deliverAlert(github, "dismissed", dismissed, { action: "dismissed" });
    expect(closing).toContain("as dismissed (tolerable\\_risk) on 2026-11-26 14:00 UTC, 26 hours after it opened.");
    resetGitHubMock();

    // Reopened: the clock runs again, already past due, so the breach timer acts at once on issue #42.
    app.clock.set("2026-11-27T09:00:00.000Z");
    repoConfig(github, OWNER, REPO, CONFIG);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, criticalAlert());
    slaPassReads(github);
    github.get(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse({ state: "closed", body: closing }));
    let update: Record<string, any> = {};
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`, (body) => ((update = body), true)).reply(200, issueResponse());
    github.get(`/repos/${OWNER}/${REPO}/issues/42/comments`).query(true).reply(200, [
      { id: 903, body: closing, user: { login: "secfix[bot]", type: "Bot" }, performed_via_github_app: { id: 90210, slug: "secfix" } },
    ]);
    let comment = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/42/comments`, (body: { body: string }) => ((comment = body.body), true)).reply(201, { id: 904 });
    const payload = exampleWebhook("dependabot_alert", "created");
    await app.probot.receive({ id: "reopened", name: "dependabot_alert", payload: { ...payload, action: "reopened", alert: criticalAlert() } } as never);
    expect(await app.worker.runUntilIdle()).toBe(4); // the sync and the three re-armed timers

    const operations = requests.map((request) => request.operationId);
    expect(operations).not.toContain("issues/create");
    expect(operations.slice(-5)).toEqual(["repos/get-content", "issues/get", "issues/update", "issues/list-comments", "issues/create-comment"]);
    expect(update).toMatchObject({ state: "open", title: TITLE });
    expect(update.body).toContain("is **21 hours late**");
    expect(comment).toContain("🚨 **SLA breached.** [Dependabot alert #20]");
    expect(comment).toContain("cc @wolfy1339/web @alice @wolfy1339/security");
    expect((await auditOf("sla.escalation_updated"))[0]!.details).toMatchObject({ issue: 42, reopened: true, commented: true });
    expect(await auditOf("sla.breached")).toHaveLength(2);
    expect((await finding()).sla).toMatchObject({ dueAt: DUE, notified: [100], escalation: { issueNumber: 42 } });
  });

  it("waits a day instead of opening one more issue when the repository has its limit of open escalations", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const config = "sla:\n  escalate_to: [security]\n  max_open_escalations: 1\n";
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert(), { config });
    resetGitHubMock();
    // Another alert of the repository is already escalated in issue #41.
    const other = await finding();
    const escalated = { dueAt: DUE, notified: [100], atRiskPulls: [], escalation: { issueNumber: 41, url: "u" } };
    await app.store.transaction((tx) => tx.saveFinding({ ...other, id: `${REPO_ID}:dependabot:19`, alert: { ...other.alert, alertNumber: 19 }, sla: escalated }));

    app.clock.set("2026-11-26T13:00:00.000Z");
    slaPassReads(github, config);
    expect(await app.worker.runUntilIdle()).toBe(3);

    expect(requests.some((request) => request.operationId === "issues/create")).toBe(false);
    const [deferred] = await auditOf("sla.escalation_deferred");
    expect(deferred!.details).toMatchObject({ threshold: 100, open: 1, limit: 1, retryAt: "2026-11-27T13:00:00.000Z" });
    const retry = (await slaJobs("queued")).find((job) => job.key.endsWith(":deferred"));
    expect(retry).toMatchObject({ runAt: "2026-11-27T13:00:00.000Z", payload: { findingId: FINDING, threshold: 100, dueAt: DUE } });
    expect((await finding()).sla).toMatchObject({ notified: [], escalation: null });
  });

  it("finds the issue a pass opened but never recorded (it stopped first) by its marker, and opens no other", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());
    const breachTimer = (await slaJobs("queued")).find((job) => job.key.includes(":100:"))!;
    resetGitHubMock();

    // The pass that opened #42 stopped before saving its number; the timer runs again.
    app.clock.set("2026-11-26T13:00:00.000Z");
    slaPassReads(github);
    const orphan = issueResponse({ body: `${escalationMarker(FINDING)}\n<!-- secfix:sla:${FINDING}:100:job-${breachTimer.id} -->\n## SLA breached` });
    github
      .get(`/repos/${OWNER}/${REPO}/issues`)
      .query({ creator: "secfix[bot]", state: "open", per_page: "100" })
      .reply(200, [issueResponse({ number: 41, body: escalationMarker(`${REPO_ID}:dependabot:19`) }), orphan]);
    let update: Record<string, any> = {};
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`, (body) => ((update = body), true)).reply(200, issueResponse());
    expect(await app.worker.runUntilIdle()).toBe(3);

    // Already assigned, labelled and told: the issue is brought up to date, and nothing is said twice.
    expect(requests.map((request) => request.operationId)).toEqual(["repos/get-content", "repos/get-content", "issues/list-for-repo", "issues/update"]);
    expect(update).toMatchObject({ title: TITLE });
    expect(update).not.toHaveProperty("state");
    expect((await finding()).sla).toMatchObject({ notified: [100], escalation: { issueNumber: 42, url: ISSUE_URL } });
    expect((await auditOf("sla.breached"))[0]!.details).toMatchObject({ issue: 42, created: false, recovered: true });
  });

  it("closes the issue it just opened when the alert was fixed while it was being opened", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());
    resetGitHubMock();

    app.clock.set("2026-11-26T13:00:00.000Z");
    slaPassReads(github);
    github.get(`/repos/${OWNER}/${REPO}/issues`).query(true).reply(200, []);
    github.get(`/orgs/${OWNER}/teams/security/members`).query(true).reply(200, []);
    // GitHub fixes the alert, and secfix syncs it, between the issue's creation and its recording.
    github.post(`/repos/${OWNER}/${REPO}/issues`).reply(201, async () => {
      const open = await finding();
      const resolvedAt = "2026-11-26T12:59:00.000Z";
      await app.store.transaction((tx) => tx.saveFinding({ ...open, alert: { ...open.alert, state: "fixed", resolvedAt }, resolvedAt, timeToResolutionMs: Date.parse(resolvedAt) - Date.parse(START), sla: { ...open.sla!, dueAt: null } }));
      return issueResponse();
    });
    github.get(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse());
    github.get(`/repos/${OWNER}/${REPO}/issues/42/comments`).query(true).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/issues/42/comments`).reply(201, { id: 906 });
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`, { state: "closed", state_reason: "completed" }).reply(200, issueResponse({ state: "closed" }));
    expect(await app.worker.runUntilIdle()).toBe(4); // three timers, then the close-out

    expect(requests.map((request) => request.operationId).slice(-4)).toEqual(["issues/get", "issues/list-comments", "issues/create-comment", "issues/update"]);
    expect((await auditOf("sla.resolved"))[0]!.details).toMatchObject({ closedIssue: 42, met: false });
  });

  it("closes an at-risk issue when the alert is fixed in time, and the remaining timers then do nothing", async () => {
    app = await createTestApp(WITHOUT_FIXES);
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());

    // Half the SLA gone and no fix PR: an at-risk issue instead.
    app.clock.set(HALF);
    slaPassReads(github);
    let created: Record<string, any> = {};
    newIssueMocks(github, (body) => (created = body), issueResponse({ labels: [{ name: "sla:at-risk" }] }));
    expect(await app.worker.runUntilIdle()).toBe(1);
    expect(created).toMatchObject({ labels: ["sla:at-risk"], title: TITLE.replace("SLA breached", "SLA at risk") });
    resetGitHubMock();

    // Fixed two hours later, well within the SLA.
    app.clock.set("2026-11-26T02:00:00.000Z");
    github.get(`/repos/${OWNER}/${REPO}/issues/42`).reply(200, issueResponse({ labels: [{ name: "sla:at-risk" }] }));
    github.get(`/repos/${OWNER}/${REPO}/issues/42/comments`).query(true).reply(200, []);
    let closing = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/42/comments`, (body: { body: string }) => ((closing = body.body), true)).reply(201, { id: 905 });
    github.patch(`/repos/${OWNER}/${REPO}/issues/42`, { state: "closed", state_reason: "completed" }).reply(200, issueResponse({ state: "closed" }));
    await deliverAlert(github, "fixed", criticalAlert({ state: "fixed", fixed_at: "2026-11-26T02:00:00Z" }), { action: "fixed" });
    expect(closing).toContain("14 hours after it opened.");
    expect(closing).toContain("The SLA (due 2026-11-26 12:00 UTC) was met.");
    expect((await auditOf("sla.resolved"))[0]!.details).toMatchObject({ met: true, closedIssue: 42, unlabelledPulls: [] });
    resetGitHubMock();

    // The 75 % and 100 % timers still fire, find the finding resolved, and ask GitHub nothing.
    app.clock.set("2026-11-27T00:00:00.000Z");
    const before = (await actions()).length;
    expect(await app.worker.runUntilIdle()).toBe(2);
    expect(requests).toEqual([]);
    expect((await actions()).length).toBe(before);
  });
});

describe("the SLA clock and a broken configuration", () => {
  it("holds the clock while the configuration is invalid, and runs the late timer once a sync arms it again", async () => {
    app = await createTestApp({ ...SLA_CLOCK, skipJobKinds: [JOB_KINDS.fixDependencies, JOB_KINDS.gateFix, JOB_KINDS.backfillRepository] });
    const github = mockGitHub();
    await deliverAlert(github, "alert", criticalAlert());
    resetGitHubMock();

    // At half the SLA the configuration is broken: the owner is told (as always), the clock holds.
    app.clock.set(HALF);
    repoConfig(github, OWNER, REPO, "sla: {critical: soon}\n", 2);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: "b".repeat(40), commit: { tree: { sha: "f".repeat(40) } } } });
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    expect(await app.worker.runUntilIdle()).toBe(1);
    expect(requests.map((request) => request.operationId)).toEqual(["repos/get-content", "repos/get-content", "repos/get-branch", "checks/create"]);
    expect((await finding()).sla).toMatchObject({ dueAt: null, notified: [], escalation: null });
    expect((await auditOf("sla.held"))[0]!.details).toEqual({ threshold: 50, dueAt: DUE, reason: "configuration invalid" });
    resetGitHubMock();

    // An hour later the file is fixed and the alert synced: the clock is armed again and the 50 % timer speaks.
    app.clock.set("2026-11-26T01:00:00.000Z");
    repoConfig(github, OWNER, REPO, CONFIG);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: "c".repeat(40), commit: { tree: { sha: "f".repeat(40) } } } });
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 2 });
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, criticalAlert());
    slaPassReads(github);
    let created: Record<string, any> = {};
    newIssueMocks(github, (body) => (created = body), issueResponse({ labels: [{ name: "sla:at-risk" }] }));
    const payload = exampleWebhook("dependabot_alert", "created");
    await app.probot.receive({ id: "again", name: "dependabot_alert", payload: { ...payload, alert: criticalAlert() } } as never);
    expect(await app.worker.runUntilIdle()).toBe(2);

    expect(created).toMatchObject({ title: TITLE.replace("SLA breached", "SLA at risk"), labels: ["sla:at-risk"] });
    expect(created.body).toContain("54 % of this critical finding's SLA");
    expect((await finding()).sla).toMatchObject({ dueAt: DUE, notified: [50], escalation: { issueNumber: 42 } });
  });
});
