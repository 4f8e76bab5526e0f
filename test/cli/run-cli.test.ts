import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { noConfig } from "../harness/github-fixtures.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";

useStrictGitHub();

let app: TestApp;

/** A real run: two alerts delivered and triaged, leaving findings and an audit trail behind. */
beforeEach(async () => {
  app = await createTestApp();
  const github = mockGitHub();
  const code = exampleWebhook("code_scanning_alert", "created");
  const alert = code.alert as unknown as Record<string, unknown>;
  noConfig(github, "Codertocat", "Hello-World");
  github
    .get("/repos/Codertocat/Hello-World/code-scanning/alerts/10")
    .reply(200, { ...alert, rule: { ...(alert.rule as object), security_severity_level: "critical" } });
  await app.probot.receive({ id: "cli-1", name: "code_scanning_alert", payload: code } as never);

  const dependabot = exampleWebhook("dependabot_alert", "created");
  const [owner, repo] = dependabot.repository.full_name.split("/") as [string, string];
  noConfig(github, owner, repo);
  github.get(`/repos/${owner}/${repo}/dependabot/alerts/${dependabot.alert.number}`).reply(200, { ...dependabot.alert, state: "open" });
  await app.probot.receive({ id: "cli-2", name: "dependabot_alert", payload: dependabot } as never);
  await app.worker.runUntilIdle();
  await app.worker.stop();
});

afterEach(async () => {
  await app.close();
});

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env: { DATABASE_URL: app.databaseFile } });
  return { code, out, err };
}

describe("secfix findings", () => {
  it("lists findings, most severe first, with severity, state and SLA due", async () => {
    const { code, out } = await cli("findings");
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toMatch(/^REPOSITORY\s+ALERT\s+SEVERITY\s+PRIORITY\s+STATE\s+DECISION\s+SLA DUE\s+FIX\s+TITLE$/);
    expect(lines[1]).toMatch(/Codertocat\/Hello-World\s+code-scanning#10\s+critical\s+P0\s+open\s+act\s+\S+/);
    expect(lines[2]).toMatch(/dependabot#\d+\s+medium/);
    // The alerts in GitHub's examples are years old: their SLA has passed.
    expect(lines[1]).toMatch(/\(overdue\)/);
  });

  it("filters by repository and prints JSON on request", async () => {
    const { code, out } = await cli("findings", "--repo", "Codertocat/Hello-World", "--json");
    expect(code).toBe(0);
    const findings = JSON.parse(out) as { repository: { fullName: string }; triage: { slaDueAt: string } }[];
    expect(findings).toHaveLength(1);
    expect(findings[0]!.repository.fullName).toBe("Codertocat/Hello-World");
    expect(findings[0]!.triage.slaDueAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("explains a bad option and exits 2", async () => {
    const { code, err } = await cli("findings", "--repo", "not-a-repo");
    expect(code).toBe(2);
    expect(err).toContain('--repo takes owner/name, got "not-a-repo"');
  });
});

describe("secfix audit", () => {
  it("verifies the chain of a real run", async () => {
    const { code, out } = await cli("audit", "verify");
    expect(code).toBe(0);
    expect(out).toMatch(/^audit log intact: 4 events, last hash [0-9a-f]{64}\n$/);
  });

  it("fails naming the first altered event after a row is changed behind the app's back", async () => {
    await app.store.close();
    const db = new Database(app.databaseFile);
    // Someone with write access to the file drops the append-only guard and edits history.
    db.exec("DROP TRIGGER audit_events_no_update");
    db.prepare("UPDATE audit_events SET details = ? WHERE sequence = 2").run(JSON.stringify({ severity: "low" }));
    db.close();

    const { code, err } = await cli("audit", "verify");
    expect(code).toBe(1);
    expect(err).toMatch(/^audit log broken at event 2: its content does not match its hash/);
  });

  it("exports events as JSON lines, from a time on", async () => {
    const all = await cli("audit", "export");
    const events = all.out.trim().split("\n").map((line) => JSON.parse(line) as { sequence: number; at: string; action: string });
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3, 4]);
    expect(events[0]!.action).toBe("finding.recorded");

    const later = await cli("audit", "export", "--since", "2099-01-01T00:00:00Z");
    expect(later).toMatchObject({ code: 0, out: "" });
    const bad = await cli("audit", "export", "--since", "yesterday");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--since takes an ISO 8601 time");
  });
});

describe("secfix", () => {
  it("prints help naming every command", async () => {
    const { code, out } = await cli("--help");
    expect(code).toBe(0);
    for (const command of ["findings", "audit verify", "audit export", "jobs"]) expect(out).toContain(command);
  });

  it("refuses an unknown command with exit 2", async () => {
    const { code, err } = await cli("deploy");
    expect(code).toBe(2);
    expect(err).toContain('unknown command "deploy"');
  });

  it("shows the job queue counts and the jobs still waiting", async () => {
    const { code, out } = await cli("jobs");
    expect(code).toBe(0);
    const [counts, header, ...rows] = out.trim().split("\n");
    expect(counts).toBe("queued 8, running 0, done 2, dead 0");
    expect(header).toMatch(/^ID\s+KIND\s+STATE\s+ATTEMPTS\s+RUN AT\s+LAST ERROR$/);
    const waiting = rows.map((row) => row.replace(/^\d+\s+/, "").replace(/\s+/g, " "));
    // Each alert's fix pass waits out the debounce: one for the code alert, one for the dependency.
    expect(waiting.filter((row) => row.startsWith("fix."))).toEqual([
      "fix.code queued 0/5 2026-11-25T12:00:15.000Z",
      "fix.dependencies queued 0/5 2026-11-25T12:00:15.000Z",
    ]);
    // And each finding's three SLA timers (this harness leaves the SLA clock unrun).
    expect(waiting.filter((row) => row.startsWith("sla.check queued"))).toHaveLength(6);
  });
});
