import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../src/domain/audit-event.js";
import { ALERT_ACTIONS } from "../src/app.js";
import { backfillRepositoryJob } from "../src/pipeline/job-payloads.js";
import { verifyAuditChain } from "../src/audit/verify-audit-chain.js";
import { createTestApp, type TestApp } from "./harness/create-test-app.js";
import { noConfig, repoConfig } from "./harness/github-fixtures.js";
import { mockGitHub, requests, useStrictGitHub } from "./helpers/github-mock.js";
import { exampleWebhook } from "./helpers/webhook-examples.js";

useStrictGitHub();

const OWNER = "Codertocat";
const REPO = "Hello-World";

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function auditActions(): Promise<string[]> {
  const events: AuditEvent[] = await app.store.read((reader) => reader.listAuditEvents());
  return events.map((event) => event.action);
}

function codeScanningCreated() {
  return exampleWebhook("code_scanning_alert", "created");
}

/** GET alert answers like the real API: the webhook's alert plus `security_severity_level`. */
function alertFromApi(level: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const alert = codeScanningCreated().alert as unknown as Record<string, unknown>;
  return {
    ...alert,
    rule: { ...(alert.rule as object), security_severity_level: level, tags: ["security", "external/cwe/cwe-089"] },
    most_recent_instance: { ref: "refs/heads/master", state: "open", location: { path: "src/api/users.js", start_line: 12, end_line: 14 } },
    ...overrides,
  };
}

describe("code scanning alerts", () => {
  it("records a new alert at once, then reads it from the API and triages it in a job", async () => {
    const payload = codeScanningCreated();
    await app.probot.receive({ id: "delivery-1", name: "code_scanning_alert", payload } as never);

    const recorded = await app.store.read((reader) => reader.listFindings({ repository: `${OWNER}/${REPO}` }));
    expect(recorded).toHaveLength(1);
    // The webhook carries no security severity: nothing is decided before the API read.
    expect(recorded[0]!).toMatchObject({ triage: null, alert: { alertNumber: 10, severity: null, state: "open" } });
    expect((await app.store.read((reader) => reader.countJobs())).queued).toBe(1);

    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("high"));
    expect(await app.worker.runUntilIdle()).toBe(1);

    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding!.alert).toMatchObject({ severity: "high", cwes: ["CWE-89"], location: { path: "src/api/users.js", startLine: 12 } });
    expect(finding!.triage).toMatchObject({
      severity: "high",
      priority: "P1",
      decision: "act",
      // the default high SLA: 7 days from when GitHub opened the alert
      slaDueAt: new Date(Date.parse(payload.alert.created_at!) + 7 * 86_400_000).toISOString(),
      exposure: { scope: "runtime", customerFacing: false },
    });
    expect(await auditActions()).toEqual(["finding.recorded", "finding.triaged"]);
    expect((await verifyAuditChain(await app.store.read((reader) => reader.listAuditEvents()))).ok).toBe(true);
  });

  it("keeps one finding and changes nothing when the same delivery arrives twice", async () => {
    const payload = codeScanningCreated();
    await app.probot.receive({ id: "delivery-dup", name: "code_scanning_alert", payload } as never);
    await app.probot.receive({ id: "delivery-dup", name: "code_scanning_alert", payload } as never);

    const findings = await app.store.read((reader) => reader.listFindings());
    expect(findings).toHaveLength(1);
    expect((await app.store.read((reader) => reader.countJobs())).queued).toBe(1);
    expect(await auditActions()).toEqual(["finding.recorded"]);
  });

  it("keeps one finding when the same alert comes through two deliveries, and a second read writes nothing", async () => {
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("critical"));
    await app.probot.receive({ id: "delivery-a", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    await app.probot.receive({ id: "delivery-b", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    // The second event's job coalesced with the first one, still queued.
    expect(await app.worker.runUntilIdle()).toBe(1);
    const before = await auditActions();

    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("critical"));
    await app.probot.receive({ id: "delivery-c", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(await app.store.read((reader) => reader.listFindings())).toHaveLength(1);
    expect(await auditActions()).toEqual(before);
    expect(before).toEqual(["finding.recorded", "finding.triaged"]);
  });

  it("closes the finding with its time to resolution when the alert is fixed", async () => {
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("high"));
    await app.probot.receive({ id: "open", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    await app.worker.runUntilIdle();

    const fixed = exampleWebhook("code_scanning_alert", "fixed");
    const fixedAt = new Date(Date.parse(codeScanningCreated().alert.created_at!) + 86_400_000).toISOString();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("high", { state: "fixed", fixed_at: fixedAt }));
    await app.probot.receive({ id: "fixed", name: "code_scanning_alert", payload: fixed } as never);
    await app.worker.runUntilIdle();

    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding).toMatchObject({
      alert: { state: "fixed", resolutionReason: "fixed" },
      resolvedAt: fixedAt,
      timeToResolutionMs: 24 * 3_600_000,
      triage: { decision: "record_only" },
    });
    const events = await app.store.read((reader) => reader.listAuditEvents());
    expect(events.find((event) => event.action === "finding.resolved")?.details).toMatchObject({ timeToResolutionMs: 86_400_000 });
  });

  it("trusts the API over a late event: a 'created' redelivered after the fix leaves the finding closed", async () => {
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github
      .get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`)
      .reply(200, alertFromApi("high", { state: "fixed", fixed_at: "2020-07-23T14:06:31Z" }));
    await app.probot.receive({ id: "late-created", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    await app.worker.runUntilIdle();
    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding).toMatchObject({ alert: { state: "fixed" }, triage: { decision: "record_only" } });
  });

  it("marks a second scanner's report of the same problem as a duplicate, and acts on it once the original is fixed", async () => {
    const github = mockGitHub();
    const codeql = alertFromApi("high", { number: 10, created_at: "2026-11-01T00:00:00Z" });
    const semgrep = alertFromApi("high", {
      number: 11,
      created_at: "2026-11-02T00:00:00Z",
      tool: { name: "Semgrep" },
      rule: { id: "javascript.express.sql-injection", severity: "error", security_severity_level: "high", tags: ["external/cwe/cwe-089"] },
    });
    for (const alert of [codeql, semgrep]) {
      noConfig(github, OWNER, REPO);
      github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/${alert.number as number}`).reply(200, alert);
      const payload = codeScanningCreated();
      (payload.alert as { number: number }).number = alert.number as number;
      await app.probot.receive({ id: `scan-${alert.number as number}`, name: "code_scanning_alert", payload } as never);
      await app.worker.runUntilIdle();
    }
    const decisions = async () =>
      Object.fromEntries((await app.store.read((reader) => reader.listFindings())).map((f) => [f.alert.alertNumber, f.triage?.decision]));
    expect(await decisions()).toEqual({ 10: "act", 11: "duplicate" });

    // CodeQL's alert is fixed: the Semgrep finding is re-read and now acted on.
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, { ...codeql, state: "fixed", fixed_at: "2026-11-03T00:00:00Z" });
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/11`).reply(200, semgrep);
    await app.probot.receive({ id: "scan-10-fixed", name: "code_scanning_alert", payload: exampleWebhook("code_scanning_alert", "fixed") } as never);
    expect(await app.worker.runUntilIdle()).toBe(2);
    expect(await decisions()).toEqual({ 10: "record_only", 11: "act" });
  });

  it("acknowledges and ignores an action secfix does not know", async () => {
    const payload = { ...codeScanningCreated(), action: "frobnicated" };
    await app.probot.receive({ id: "unknown-action", name: "code_scanning_alert", payload } as never);
    expect(await app.store.read((reader) => reader.hasDelivery("unknown-action"))).toBe(false);
    expect(await app.store.read((reader) => reader.countJobs())).toMatchObject({ queued: 0 });
  });

  it("records a malformed alert as evidence without queuing work it cannot do", async () => {
    const payload = codeScanningCreated();
    delete (payload.alert as { number?: number }).number;
    await app.probot.receive({ id: "malformed", name: "code_scanning_alert", payload } as never);
    expect(await app.store.read((reader) => reader.hasDelivery("malformed"))).toBe(true);
    const events = await app.store.read((reader) => reader.listAuditEvents());
    expect(events.map((event) => event.action)).toEqual(["webhook.malformed"]);
    expect(JSON.stringify(events[0]!.details)).toMatch(/number/);
    expect(await app.store.read((reader) => reader.countJobs())).toMatchObject({ queued: 0 });
  });

  it("waits out a secondary rate limit instead of failing the job", async () => {
    await app.probot.receive({ id: "limited", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github
      .get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`)
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "120" });
    await app.worker.runUntilIdle();

    const [job] = await app.store.read((reader) => reader.listJobs("queued"));
    expect(job).toBeDefined();
    expect(Date.parse(job!.runAt) - app.clock().getTime()).toBeGreaterThanOrEqual(120_000);
    expect(job!.lastError).toMatch(/rate limit/);
  });

  it("runs jobs queued before a restart", async () => {
    await app.probot.receive({ id: "before-restart", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    app = await app.restart();
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alertFromApi("medium"));
    expect(await app.worker.runUntilIdle()).toBe(1);
    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding!.triage).toMatchObject({ severity: "medium", decision: "act" });
  });
});

describe("alert actions", () => {
  // Some actions (updated_assignment, assignees_changed, ...) have no published example yet; they
  // share the alert schema, so the nearest example with its action changed stands in.
  const cases = [
    ...[...ALERT_ACTIONS.code_scanning].map((action) => ({ event: "code_scanning_alert" as const, action })),
    ...[...ALERT_ACTIONS.dependabot].map((action) => ({ event: "dependabot_alert" as const, action })),
  ];
  it.each(cases)("queues a fresh read of the alert for $event.$action", async ({ event, action }) => {
    const payload = { ...exampleWebhook(event, "created"), action } as Record<string, unknown>;
    await app.probot.receive({ id: `${event}-${action}`, name: event, payload } as never);
    const jobs = await app.store.read((reader) => reader.listJobs("queued"));
    expect(jobs.map((job) => job.kind)).toEqual(["alert.sync"]);
    expect(jobs[0]!.payload).toMatchObject({ source: event === "dependabot_alert" ? "dependabot" : "code_scanning" });
  });
});

describe("Dependabot alerts", () => {
  it("triages a Dependabot alert from the API read, with the advisory's severity and the dependency's scope", async () => {
    const payload = exampleWebhook("dependabot_alert", "created");
    const repo = payload.repository;
    const alert = payload.alert as unknown as Record<string, unknown>;
    await app.probot.receive({ id: "dep-1", name: "dependabot_alert", payload } as never);

    const [owner, name] = repo.full_name.split("/") as [string, string];
    const github = mockGitHub();
    noConfig(github, owner, name);
    github.get(`/repos/${owner}/${name}/dependabot/alerts/${alert.number as number}`).reply(200, {
      ...alert,
      state: "open",
      dependency: { ...(alert.dependency as object), scope: "development", relationship: "direct" },
    });
    await app.worker.runUntilIdle();

    const [finding] = await app.store.read((reader) => reader.listFindings());
    const advisory = alert.security_advisory as { severity: string; ghsa_id: string };
    expect(finding!.alert.ruleId).toBe(advisory.ghsa_id);
    expect(finding!.triage).toMatchObject({ severity: advisory.severity, exposure: { scope: "development" } });
  });
});

describe("configuration", () => {
  it("holds findings and reports a broken config once, on the default branch head, naming key and line", async () => {
    const github = mockGitHub();
    const broken = "sources:\n  dependabot: true\nsla:\n  critical: soon\n";
    // First job: the loader reads the file, then the raw text is read again to find the line.
    repoConfig(github, OWNER, REPO, broken, 2);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: "a".repeat(40), commit: { tree: { sha: "f".repeat(40) } } } });
    let checkRun: Record<string, unknown> | undefined;
    github
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => {
        checkRun = body as Record<string, unknown>;
        return true;
      })
      .reply(201, { id: 4242 });

    await app.probot.receive({ id: "cfg-1", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    await app.worker.runUntilIdle();

    expect(checkRun).toMatchObject({ name: "secfix config", head_sha: "a".repeat(40), conclusion: "failure" });
    const output = checkRun!.output as { summary: string; text?: string; annotations?: { start_line: number }[] };
    expect(`${output.summary}\n${output.text ?? ""}`).toMatch(/sla\.critical/);
    expect(output.annotations?.[0]?.start_line).toBe(4);
    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding!.triage).toBeNull();

    // A second alert in the same repository: the same broken file is not reported again.
    repoConfig(github, OWNER, REPO, broken, 2);
    const second = codeScanningCreated();
    (second.alert as { number: number }).number = 11;
    await app.probot.receive({ id: "cfg-2", name: "code_scanning_alert", payload: second } as never);
    await app.worker.runUntilIdle();
    expect(requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect((await auditActions()).filter((action) => action === "config.invalid")).toHaveLength(1);
  });

  it("says so when a push fixes the config, then triages the findings it held", async () => {
    const github = mockGitHub();
    repoConfig(github, OWNER, REPO, "sla: {critical: soon}\n", 2);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: "b".repeat(40), commit: { tree: { sha: "f".repeat(40) } } } });
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    await app.probot.receive({ id: "held", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    await app.worker.runUntilIdle();

    const push = exampleWebhook("push");
    Object.assign(push, {
      ref: `refs/heads/${push.repository.default_branch}`,
      installation: { id: 14662836, node_id: "x" },
      commits: [{ ...push.commits[0], added: [], removed: [], modified: [".github/secfix.yml"] }],
    });
    push.repository.full_name = `${OWNER}/${REPO}`;
    push.repository.id = codeScanningCreated().repository.id;
    push.repository.default_branch = "master";
    push.ref = "refs/heads/master";
    await app.probot.receive({ id: "push-fix", name: "push", payload: push } as never);

    // repository.config: valid now → a passing check run and a backfill of open alerts.
    repoConfig(github, OWNER, REPO, "sla:\n  critical: 12h\n", 2);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha: "c".repeat(40), commit: { tree: { sha: "f".repeat(40) } } } });
    let passing: Record<string, unknown> | undefined;
    github
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => {
        passing = body as Record<string, unknown>;
        return true;
      })
      .reply(201, { id: 2 });
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts`).query({ state: "open", per_page: "100" }).reply(200, [alertFromApi("critical")]);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts`).query({ state: "open", per_page: "100" }).reply(200, []);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts`).query({ state: "fixed", per_page: "100" }).reply(200, []);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts`).query({ state: "fixed", per_page: "100" }).reply(200, []);
    await app.worker.runUntilIdle();

    expect(passing).toMatchObject({ name: "secfix config", head_sha: "c".repeat(40), conclusion: "success" });
    const [finding] = await app.store.read((reader) => reader.listFindings());
    // 12 hours from when GitHub opened the alert, as the fixed config says
    const due = new Date(Date.parse(codeScanningCreated().alert.created_at!) + 12 * 3_600_000).toISOString();
    expect(finding!.triage).toMatchObject({ severity: "critical", decision: "act", slaDueAt: due });
    expect(await auditActions()).toEqual(expect.arrayContaining(["config.invalid", "config.fixed", "repository.backfilled", "finding.triaged"]));
  });
});

describe("organisation-wide configuration", () => {
  it("re-checks every tracked repository of the owner when the .github repository's config changes", async () => {
    await app.probot.receive({ id: "tracked", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    const push = exampleWebhook("push");
    push.repository.full_name = `${OWNER}/.github`;
    push.repository.name = ".github";
    push.repository.id = 999;
    push.repository.default_branch = "main";
    Object.assign(push, {
      ref: "refs/heads/main",
      installation: { id: 14662836, node_id: "x" },
      commits: [{ ...push.commits[0], added: [".github/secfix.yml"], removed: [], modified: [] }],
    });
    await app.probot.receive({ id: "org-push", name: "push", payload: push } as never);

    const configJobs = (await app.store.read((reader) => reader.listJobs("queued"))).filter((job) => job.kind === "repository.config");
    expect(configJobs.map((job) => (job.payload as { repository: { fullName: string } }).repository.fullName).sort()).toEqual([
      `${OWNER}/.github`,
      `${OWNER}/${REPO}`,
    ]);
  });

  it("ignores pushes that do not touch the config, or not on the default branch", async () => {
    const push = exampleWebhook("push");
    Object.assign(push, { installation: { id: 14662836, node_id: "x" } });
    push.ref = `refs/heads/${push.repository.default_branch}`;
    push.commits = push.commits.map((commit) => ({ ...commit, added: ["README.md"], removed: [], modified: [] }));
    await app.probot.receive({ id: "unrelated-push", name: "push", payload: push } as never);
    const branchPush = { ...push, ref: "refs/heads/feature", commits: push.commits.map((c) => ({ ...c, added: [".github/secfix.yml"] })) };
    await app.probot.receive({ id: "branch-push", name: "push", payload: branchPush } as never);
    expect(await app.store.read((reader) => reader.countJobs())).toMatchObject({ queued: 0 });
  });
});

describe("installation", () => {
  it("records an uninstall in the audit log and keeps the findings", async () => {
    await app.probot.receive({ id: "before-uninstall", name: "code_scanning_alert", payload: codeScanningCreated() } as never);
    const payload = exampleWebhook("installation", "deleted");
    await app.probot.receive({ id: "uninstall", name: "installation", payload } as never);
    expect(await auditActions()).toContain("installation.deleted");
    expect(await app.store.read((reader) => reader.listFindings())).toHaveLength(1);
  });

  it("backfills open alerts of every repository when the app is installed, following every page", async () => {
    const payload = exampleWebhook("installation", "created");
    await app.probot.receive({ id: "install", name: "installation", payload } as never);
    const repo = payload.repositories![0]!;
    const [owner, name] = repo.full_name.split("/") as [string, string];

    const github = mockGitHub();
    github.get(`/repos/${owner}/${name}`).reply(200, { id: repo.id, full_name: repo.full_name, default_branch: "main" });
    noConfig(github, owner, name);
    const page2 = `https://api.github.com/repos/${owner}/${name}/code-scanning/alerts?state=open&per_page=100&page=2`;
    github
      .get(`/repos/${owner}/${name}/code-scanning/alerts`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [alertFromApi("high", { number: 1 }), alertFromApi("low", { number: 2 })], { link: `<${page2}>; rel="next"` });
    github.get(`/repos/${owner}/${name}/code-scanning/alerts`).query({ state: "open", per_page: "100", page: "2" }).reply(200, [alertFromApi("critical", { number: 3 })]);
    github
      .get(`/repos/${owner}/${name}/dependabot/alerts`)
      .query({ state: "open", per_page: "100" })
      .reply(403, { message: "Dependabot alerts are disabled for this repository." });
    // The manual baseline: alerts fixed before this backfill (the clock reads 2026-11-25T12:00Z); Dependabot is off, so not asked.
    github
      .get(`/repos/${owner}/${name}/code-scanning/alerts`)
      .query({ state: "fixed", per_page: "100" })
      .reply(200, [
        alertFromApi("high", { number: 7, state: "fixed", created_at: "2026-01-01T00:00:00Z", fixed_at: "2026-01-03T06:00:00Z" }),
        // Fixed after the backfill began: possibly secfix's own work, so no manual sample.
        alertFromApi("critical", { number: 8, state: "fixed", created_at: "2026-11-20T00:00:00Z", fixed_at: "2026-11-25T12:00:01Z" }),
      ]);
    await app.worker.runUntilIdle();

    const findings = await app.store.read((reader) => reader.listFindings());
    expect(findings.map((finding) => finding.alert.alertNumber).sort()).toEqual([1, 2, 3]);
    const backfilled = (await app.store.read((reader) => reader.listAuditEvents())).find((event) => event.action === "repository.backfilled");
    expect(backfilled?.details).toMatchObject({ openAlerts: { code_scanning: 3, dependabot: "unavailable" }, baselineSamples: { code_scanning: 1, dependabot: "unavailable" } });
    expect(await app.store.read((reader) => reader.listBaselineSamples())).toEqual([
      {
        repositoryId: repo.id,
        repository: repo.full_name,
        installationId: payload.installation.id,
        source: "code_scanning",
        alertNumber: 7,
        severity: "high",
        createdAt: "2026-01-01T00:00:00Z",
        fixedAt: "2026-01-03T06:00:00Z",
      },
    ]);
  });

  it("records the manual baseline once, from at most the 500 newest fixed alerts per source", async () => {
    const payload = exampleWebhook("installation", "created");
    await app.probot.receive({ id: "install", name: "installation", payload } as never);
    const repo = payload.repositories![0]!;
    const [owner, name] = repo.full_name.split("/") as [string, string];
    const fixed = exampleWebhook("dependabot_alert", "fixed").alert;
    const page = (from: number) => Array.from({ length: 100 }, (_, index) => ({ ...fixed, number: from + index }));
    const backfill = (github: ReturnType<typeof mockGitHub>) => {
      github.get(`/repos/${owner}/${name}`).reply(200, { id: repo.id, full_name: repo.full_name, default_branch: "main" });
      noConfig(github, owner, name);
      github.get(`/repos/${owner}/${name}/code-scanning/alerts`).query({ state: "open", per_page: "100" }).reply(200, []);
      github.get(`/repos/${owner}/${name}/dependabot/alerts`).query({ state: "open", per_page: "100" }).reply(200, []);
    };

    const github = mockGitHub();
    backfill(github);
    github.get(`/repos/${owner}/${name}/code-scanning/alerts`).query({ state: "fixed", per_page: "100" }).reply(200, []);
    // Cursor pages, as Dependabot gives them; the sixth page must never be asked for.
    for (let n = 0; n < 5; n += 1) {
      const next = `https://api.github.com/repos/${owner}/${name}/dependabot/alerts?state=fixed&per_page=100&after=cursor${n + 1}`;
      github
        .get(`/repos/${owner}/${name}/dependabot/alerts`)
        .query({ state: "fixed", per_page: "100", ...(n > 0 && { after: `cursor${n}` }) })
        .reply(200, page(n * 100 + 1), { link: `<${next}>; rel="next"` });
    }
    await app.worker.runUntilIdle();

    const samples = await app.store.read((reader) => reader.listBaselineSamples({ repository: repo.full_name }));
    expect(samples).toHaveLength(500);
    expect(samples[0]).toMatchObject({ source: "dependabot", alertNumber: 1, severity: "medium", createdAt: fixed.created_at, fixedAt: fixed.fixed_at });

    // A later backfill reads open alerts again but leaves the recorded baseline alone.
    backfill(github);
    await app.store.transaction((tx) =>
      tx.enqueueJob(backfillRepositoryJob(payload.installation.id, { id: repo.id, fullName: repo.full_name, defaultBranch: null }), app.clock().toISOString()),
    );
    await app.worker.runUntilIdle();

    expect(await app.store.read((reader) => reader.listBaselineSamples())).toHaveLength(500);
    const backfills = (await app.store.read((reader) => reader.listAuditEvents())).filter((event) => event.action === "repository.backfilled");
    expect(backfills.map((event) => event.details.baselineSamples)).toEqual([{ code_scanning: 0, dependabot: 500 }, undefined]);
  });

  it("queues a backfill for each repository added to an installation", async () => {
    const payload = exampleWebhook("installation_repositories", "added");
    await app.probot.receive({ id: "added", name: "installation_repositories", payload } as never);
    const jobs = await app.store.read((reader) => reader.listJobs("queued"));
    expect(jobs.map((job) => (job.payload as { repository: { fullName: string } }).repository.fullName)).toEqual(
      payload.repositories_added.map((repository) => repository.full_name),
    );
    expect(jobs.every((job) => job.kind === "repository.backfill")).toBe(true);
  });
});
