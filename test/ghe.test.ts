import { generateKeyPairSync } from "node:crypto";
import { createProbot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { TestOctokit, createTestApp, silentLog, type TestApp } from "./harness/create-test-app.js";
import { noConfig } from "./harness/github-fixtures.js";
import { mockGitHub, useStrictGitHub } from "./helpers/github-mock.js";
import { exampleWebhook } from "./helpers/webhook-examples.js";

useStrictGitHub();

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
});

describe("GitHub Enterprise Server", () => {
  it("authenticates as the installation and reads alerts on the GHE_HOST API, as a real app does", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const probot = createProbot({
      env: { APP_ID: "4242", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "secret", GHE_HOST: "ghe.example.com" },
      overrides: { log: silentLog, Octokit: TestOctokit },
    });
    app = await createTestApp({ probot });
    const payload = exampleWebhook("code_scanning_alert", "created");
    await app.probot.receive({ id: "ghe-1", name: "code_scanning_alert", payload } as never);

    const ghe = mockGitHub("https://ghe.example.com/api/v3");
    let authorization: string | undefined;
    ghe
      .post("/app/installations/14662836/access_tokens")
      .reply(201, { token: "ghs_installationtokenforthetest0000000", expires_at: "2099-01-01T00:00:00Z" });
    noConfig(ghe, "Codertocat", "Hello-World");
    ghe
      .get("/repos/Codertocat/Hello-World/code-scanning/alerts/10")
      .reply(function () {
        authorization = String(this.req.headers.authorization);
        return [200, { ...payload.alert, rule: { ...payload.alert.rule, security_severity_level: "high" } }];
      });
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(authorization).toBe("token ghs_installationtokenforthetest0000000");
    const [finding] = await app.store.read((reader) => reader.listFindings());
    expect(finding!.triage).toMatchObject({ severity: "high", decision: "act" });
  });
});
