import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { Probot, createNodeMiddleware } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSecfix, type SecfixRuntime } from "../src/index.js";
import { openStore } from "../src/store/open-store.js";
import { TestOctokit, silentLog } from "./harness/create-test-app.js";
import { noConfig } from "./harness/github-fixtures.js";
import { mockGitHub, useStrictGitHub } from "./helpers/github-mock.js";
import { exampleWebhook } from "./helpers/webhook-examples.js";

useStrictGitHub();

const SECRET = "It's a Secret to Everybody";

let server: Server;
let baseUrl: string;
let runtime: SecfixRuntime | undefined;
let directory: string;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "secfix-http-"));
  const probot = new Probot({ githubToken: "test-token", secret: SECRET, log: silentLog, Octokit: TestOctokit });
  const middleware = await createNodeMiddleware(
    async (app, options) => {
      runtime = await startSecfix(app, options, { databaseUrl: path.join(directory, "secfix.db") });
    },
    { probot },
  );
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await runtime?.stop();
  runtime = undefined;
  rmSync(directory, { recursive: true, force: true });
});

async function deliver(body: string, headers: Record<string, string>) {
  return fetch(`${baseUrl}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "code_scanning_alert", "x-github-delivery": "d-1", ...headers },
    body,
  });
}

async function storedState() {
  const reader = await openStore({ databaseUrl: path.join(directory, "secfix.db") });
  try {
    return await reader.read(async (r) => ({
      deliveries: await r.hasDelivery("d-1"),
      findings: await r.listFindings(),
      alertJobs: (await r.listJobs("queued")).filter((job) => job.kind === "alert.sync").length,
    }));
  } finally {
    await reader.close();
  }
}

describe("the webhook endpoint", () => {
  const body = JSON.stringify(exampleWebhook("code_scanning_alert", "created"));

  it("refuses a request without a signature and stores nothing", async () => {
    const response = await deliver(body, {});
    expect(response.status).toBe(400);
    expect(await storedState()).toMatchObject({ deliveries: false, findings: [] });
  });

  it("refuses a wrong signature, and a body changed after signing, and stores nothing", async () => {
    expect((await deliver(body, { "x-hub-signature-256": await sign("wrong secret", body) })).status).toBe(400);
    const tampered = body.replace('"number":10', '"number":11');
    expect(tampered).not.toBe(body);
    expect((await deliver(tampered, { "x-hub-signature-256": await sign(SECRET, body) })).status).toBe(400);
    expect((await deliver(body, { "x-hub-signature-256": "sha256=" + "0".repeat(63) })).status).toBe(400);
    expect(await storedState()).toMatchObject({ deliveries: false, findings: [] });
  });

  it("acknowledges a signed delivery with everything it needs already stored, then runs its job", async () => {
    const github = mockGitHub();
    noConfig(github, "Codertocat", "Hello-World");
    const alert = exampleWebhook("code_scanning_alert", "created").alert as unknown as Record<string, unknown>;
    const alertRead = github
      .get("/repos/Codertocat/Hello-World/code-scanning/alerts/10")
      // Opened just now: its SLA timers lie in the future (an old alert's breach timer would run at once).
      .reply(200, { ...alert, created_at: new Date().toISOString(), rule: { ...(alert.rule as object), security_severity_level: "critical" } });

    // The worker polls in the background; stop it so the stored state can be seen before the job runs.
    await runtime!.worker.stop();
    const response = await deliver(body, { "x-hub-signature-256": await sign(SECRET, body) });
    expect(response.status).toBe(200);
    const acknowledged = await storedState();
    expect(acknowledged.deliveries).toBe(true);
    expect(acknowledged.findings).toHaveLength(1);
    expect(acknowledged.alertJobs).toBe(1);

    await runtime!.worker.runUntilIdle();
    expect(alertRead.isDone()).toBe(true);
    const [finding] = (await storedState()).findings;
    expect(finding!.triage).toMatchObject({ severity: "critical", priority: "P0", decision: "act" });
  });

  it("answers 500 when the delivery cannot be stored, so GitHub marks it failed and it can be redelivered", async () => {
    await runtime!.stop();
    const response = await deliver(body, { "x-hub-signature-256": await sign(SECRET, body) });
    expect(response.status).toBe(500);
    expect(await storedState()).toMatchObject({ deliveries: false, findings: [] });
  });

  it("answers the status page with the queue's counts", async () => {
    const response = await fetch(`${baseUrl}/secfix/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: "sqlite", jobs: { queued: expect.any(Number), running: expect.any(Number), done: expect.any(Number), dead: 0 } });
  });
});
