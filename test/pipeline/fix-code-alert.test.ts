import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { newFixAttempt } from "../../src/domain/fix-attempt.js";
import { JOB_KINDS, fixCodeJob } from "../../src/pipeline/job-payloads.js";
import { createLlmFixers } from "../../src/pipeline/llm-fixers.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { repoConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { CANARY_OPENAI, DB_JS, FIXED_LINE, QUERY_LINE, fakeOpenAi, goodAnswer } from "../patch/llm/llm-fixtures.js";

useStrictGitHub();

const OWNER = "Codertocat";
const REPO = "Hello-World";
const BASE = "1".repeat(40);
const AI_CONFIG = "ai:\n  enabled: true\n  model: gpt-test\napprovers:\n  new_patterns: [my-org/appsec]\n";

let app: TestApp;
afterEach(async () => {
  await app.close();
});

/** A CodeQL SQL injection alert on src/db.js, read from the API and triaged; its fix pass is due. */
async function openAlert(config: string, autofix: "unavailable" | "own" | "not reached" = "unavailable", source = DB_JS) {
  // These tests end at the published PR; the gate pass that follows is tested in gate-fix.test.ts.
  app = await createTestApp({ llmFixer: createLlmFixers({ OPENAI_API_KEY: "sk-test-key-for-the-fake-endpoint" }), skipJobKinds: [JOB_KINDS.gateFix] });
  const payload = exampleWebhook("code_scanning_alert", "created");
  const alert = {
    ...payload.alert,
    rule: { ...payload.alert.rule, id: "js/sql-injection", security_severity_level: "high", tags: ["security", "external/cwe/cwe-089"], help: "Use a parameterised query." },
    most_recent_instance: { ref: "refs/heads/master", state: "open", message: { text: "This query depends on a user-provided value." }, location: { path: "src/db.js", start_line: QUERY_LINE, end_line: QUERY_LINE } },
  };
  const github = mockGitHub();
  repoConfig(github, OWNER, REPO, config);
  github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10`).reply(200, alert);
  await app.probot.receive({ id: "code-1", name: "code_scanning_alert", payload } as never);
  await app.worker.runUntilIdle();
  app.clock.advance(15_000);
  resetGitHubMock();
  repoConfig(github, OWNER, REPO, config);
  github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
  if (autofix === "not reached") return github;
  github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent("src/db.js")}`).query({ ref: BASE }).reply(200, source, { "content-type": "text/plain" });
  // This repository has no GitHub Advanced Security: autofix answers 403, which means "not here".
  if (autofix === "unavailable") github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10/autofix`).reply(403, { message: "Advanced Security must be enabled" });
  return github;
}

describe("fixing a code scanning alert", () => {
  it("fixes with the recipe when one applies: no autofix, no model, no approval needed", async () => {
    const mysql = DB_JS.replace('const db = require("./db-pool");', 'const db = require("mysql2/promise").createPool({});');
    const github = await openAlert(AI_CONFIG, "own", mysql);
    const model = fakeOpenAi([]);
    let tree: { tree: { content: string }[] } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/git/trees`, (body) => ((tree = body), true)).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    let pull: { title: string; body: string } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((pull = body), true)).reply(201, { number: 24, html_url: "u", head: { sha: "4".repeat(40), ref: "b" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${OWNER}/${REPO}/issues/24/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    await app.worker.runUntilIdle();

    expect(model.requests).toHaveLength(0);
    expect(requests.some((r) => r.url.includes("/autofix"))).toBe(false);
    expect(tree!.tree[0]!.content).toContain('db.query("SELECT * FROM users WHERE name = ?", [String(name)])');
    expect(pull!.title).toBe("fix(security): prevent SQL injection in src/db.js");
    expect(pull!.body).toContain("a deterministic recipe (`sql-injection`)");
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempt).toMatchObject({ state: "proposed", strategy: "recipe:sql-injection", patternApproval: null });
  });

  it("takes the model's fix when no recipe applies, checks it, and holds it for the pattern approvers", async () => {
    const github = await openAlert(AI_CONFIG);
    const model = fakeOpenAi([{ answer: goodAnswer }]);
    let tree: { tree: { path: string; content: string }[] } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/git/trees`, (body) => ((tree = body), true)).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    let pull: { title: string; body: string; head: string } | undefined;
    github
      .post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((pull = body), true))
      .reply(201, { number: 21, html_url: "https://github.com/x/y/pull/21", head: { sha: "4".repeat(40), ref: "secfix/code/js-sql-injection-10" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${OWNER}/${REPO}/issues/21/labels`, { labels: ["security", "high"] }).reply(200, []);
    const checks: Record<string, unknown>[] = [];
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => (checks.push(body), true)).reply(201, { id: 1 });
    await app.worker.runUntilIdle();

    expect(model.requests).toHaveLength(1);
    expect(tree!.tree).toHaveLength(1);
    expect(tree!.tree[0]!.path).toBe("src/db.js");
    expect(tree!.tree[0]!.content.split("\n")[QUERY_LINE - 1]).toBe(FIXED_LINE);
    expect(pull).toMatchObject({ head: "secfix/code/js-sql-injection-10", title: "fix(security): fix js/sql-injection in src/db.js" });
    for (const fragment of ["`js/sql-injection`", "an AI model", "`gpt-test`", "recipe: ", "recipe sql-injection declined: the file imports none of mysql", "autofix: Copilot Autofix is not enabled for this repository", "Waiting for a pattern approval", "```diff", `+${FIXED_LINE}`]) {
      expect(pull!.body).toContain(fragment);
    }
    // The file's own secret is not repeated in the PR text, even as diff context.
    expect(pull!.body).not.toContain(CANARY_OPENAI);
    expect(checks.map((check) => [check.name, check.conclusion])).toEqual([["secfix", "success"]]);
    expect((checks[0]!.output as { annotations: { path: string; start_line: number }[] }).annotations).toEqual([
      expect.objectContaining({ path: "src/db.js", start_line: QUERY_LINE, annotation_level: "notice" }),
    ]);
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    // The approval itself (reviewers asked, a blocking check) is the gate pass's work, queued with the PR.
    expect(attempt).toMatchObject({ state: "proposed", strategy: "llm", pullRequest: { number: 21 }, patternApproval: { ruleId: "js/sql-injection", teams: ["my-org/appsec"], approvedBy: null } });
    expect((await app.store.read((reader) => reader.listJobs("queued"))).map((job) => job.kind)).toContain(JOB_KINDS.gateFix);
    const actions = (await app.store.read((reader) => reader.listAuditEvents())).map((e) => e.action).filter((a) => a.startsWith("fix."));
    expect(actions).toEqual(["fix.planned", "fix.candidates", "fix.checked", "fix.published"]);
  });

  it("follows the normal path, with no approval check, once the rule's pattern is approved", async () => {
    const github = await openAlert("ai:\n  enabled: true\n  model: gpt-test\n  approved_patterns: [js/sql-injection]\napprovers:\n  new_patterns: [my-org/appsec]\n");
    fakeOpenAi([{ answer: goodAnswer }]);
    github.post(`/repos/${OWNER}/${REPO}/git/trees`).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, { number: 22, html_url: "u", head: { sha: "4".repeat(40), ref: "b" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${OWNER}/${REPO}/issues/22/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    await app.worker.runUntilIdle();
    expect(requests.some((r) => r.operationId === "pulls/request-reviewers")).toBe(false);
    expect(requests.filter((r) => r.operationId === "checks/create")).toHaveLength(1);
  });

  it("pushes nothing when the model's edit reaches outside the alerted file", async () => {
    const github = await openAlert(AI_CONFIG);
    const workflow = { edits: [{ path: ".github/workflows/ci.yml", find: "on: push", replace: "on: push\n# pwned" }], explanation: "ci" };
    fakeOpenAi([{ answer: workflow }, { answer: workflow }]);
    github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(".github/workflows/ci.yml")}`).query(true).optionally().reply(200, "on: push\n", { "content-type": "text/plain" });
    await app.worker.runUntilIdle();
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempt).toMatchObject({ state: "no_fix", pullRequest: null });
    expect(attempt!.reason).toMatch(/llm: the model's patch was not usable/);
  });

  it("uses GitHub's autofix when no recipe applies, through the same checks, before asking any model", async () => {
    const github = await openAlert(AI_CONFIG, "own");
    const model = fakeOpenAi([]);
    const autofixCommit = "5".repeat(40);
    github.get(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10/autofix`).reply(200, { status: "success", description: "Use a parameterized query.", started_at: "2026-11-25T12:00:00Z" });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`, { ref: "refs/heads/secfix/autofix-scratch/10", sha: BASE }).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/code-scanning/alerts/10/autofix/commits`, { target_ref: "refs/heads/secfix/autofix-scratch/10", message: "Autofix for code scanning alert 10" }).reply(201, { target_ref: "refs/heads/secfix/autofix-scratch/10", sha: autofixCommit });
    github.get(`/repos/${OWNER}/${REPO}/compare/${BASE}...${autofixCommit}`).reply(200, { files: [{ filename: "src/db.js", status: "modified" }] });
    const fixed = DB_JS.split("\n").map((line, index) => (index === QUERY_LINE - 1 ? FIXED_LINE : line)).join("\n");
    github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent("src/db.js")}`).query({ ref: autofixCommit }).reply(200, fixed, { "content-type": "text/plain" });
    github.delete(`/repos/${OWNER}/${REPO}/git/refs/heads%2Fsecfix%2Fautofix-scratch%2F10`).reply(204);
    let tree: { tree: { content: string }[] } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/git/trees`, (body) => ((tree = body), true)).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${OWNER}/${REPO}/git/refs`, { ref: "refs/heads/secfix/code/js-sql-injection-10", sha: "4".repeat(40) }).reply(201, {});
    let pull: { body: string } | undefined;
    github.post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((pull = body), true)).reply(201, { number: 23, html_url: "u", head: { sha: "4".repeat(40), ref: "b" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${OWNER}/${REPO}/issues/23/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 1 });
    await app.worker.runUntilIdle();

    expect(model.requests).toHaveLength(0);
    expect(tree!.tree[0]!.content).toBe(fixed);
    expect(pull!.body).toContain("GitHub's Copilot Autofix");
    expect(requests.some((r) => r.operationId === "pulls/request-reviewers")).toBe(false);
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempt).toMatchObject({ state: "proposed", strategy: "autofix", patternApproval: null });
  });

  it("waits out the model's rate limit and tries again, instead of giving up", async () => {
    await openAlert(AI_CONFIG);
    fakeOpenAi([{ status: 429, body: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }, headers: { "retry-after": "120" } }]);
    await app.worker.runUntilIdle();
    const [job] = await app.store.read((reader) => reader.listJobs("queued"));
    expect(job).toMatchObject({ kind: "fix.code", attempts: 1 });
    expect(Date.parse(job!.runAt) - app.clock().getTime()).toBeGreaterThanOrEqual(120_000);
    expect(job!.lastError).toMatch(/rate limited/);
    expect(await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }))).toEqual([]);
  });

  it("waits while the repository already has its limit of open fix PRs, and goes again when one closes", async () => {
    // Only the config and the base are read: the fix waits before any file, autofix or model request.
    await openAlert(`${AI_CONFIG}max_open_fix_prs: 1\n`, "not reached");
    const model = fakeOpenAi([]);
    const repository = exampleWebhook("code_scanning_alert", "created").repository;
    const ref = { id: repository.id, fullName: repository.full_name, defaultBranch: "master" };
    await app.store.transaction((tx) =>
      tx.saveFixAttempt({
        ...newFixAttempt({ installationId: 14662836, repository: ref, planKey: "code:99", findingIds: [], now: app.clock().toISOString() }),
        state: "proposed",
        pullRequest: { number: 5, url: "u", branch: "secfix/code/other-99", headSha: "e".repeat(40), adoptedFrom: null, state: "open" },
      }),
    );
    await app.worker.runUntilIdle();

    expect(model.requests).toHaveLength(0);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    const waiting = (await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }))).find((a) => a.planKey === "code:10");
    expect(waiting).toMatchObject({ state: "planned", deferred: true });
    expect(waiting!.reason).toMatch(/^waiting: 1 secfix fix pull requests are open \(max_open_fix_prs is 1\)/);

    const closed = exampleWebhook("pull_request", "closed");
    await app.probot.receive({
      id: "closed-5",
      name: "pull_request",
      payload: { ...closed, installation: { id: 14662836, node_id: "x" }, repository, pull_request: { ...closed.pull_request, number: 5, merged: false, merged_by: null, head: { ...closed.pull_request.head, ref: "secfix/code/other-99" } } },
    } as never);
    await app.worker.runUntilIdle();
    const attempts = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempts.find((a) => a.planKey === "code:99")?.pullRequest?.state).toBe("closed");
    const queued = await app.store.read((reader) => reader.listJobs("queued"));
    expect(queued.map((job) => job.key)).toContain("fix.code:337911632:code_scanning:10");
  });

  it("re-plans on an unchanged base when a person asked for a retry, with the strategy they forced", async () => {
    await openAlert("sources:\n  code_scanning: true\n");
    await app.worker.runUntilIdle();
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempt!.state).toBe("no_fix");

    // What `/secfix retry recipe` does: back to planned, and a pass that must not stop at "nothing moved".
    const [finding] = await app.store.read((reader) => reader.listFindings());
    await app.store.transaction(async (tx) => {
      await tx.saveFixAttempt({ ...attempt!, state: "planned" });
      await tx.enqueueJob(fixCodeJob(finding!.installationId, finding!.repository, finding!.id, app.clock().toISOString(), { by: "bob", strategy: "recipe" }), app.clock().toISOString());
    });
    resetGitHubMock();
    const github = mockGitHub();
    repoConfig(github, OWNER, REPO, "sources:\n  code_scanning: true\n");
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
    github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent("src/db.js")}`).query({ ref: BASE }).reply(200, DB_JS, { "content-type": "text/plain" });
    await app.worker.runUntilIdle();

    const [again] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    // Only the recipe ran: no autofix request, and the reason names the recipe alone.
    expect(requests.some((r) => r.url.includes("/autofix"))).toBe(false);
    expect(again).toMatchObject({ state: "no_fix" });
    expect(again!.reason).toMatch(/^recipe: recipe sql-injection declined/);
    const events = await app.store.read((reader) => reader.listAuditEvents({ subjects: [`fix:${attempt!.id}`] }));
    expect(events.filter((e) => e.action === "fix.planned").at(-1)!.details).toMatchObject({ retry: { by: "bob", strategy: "recipe" } });
  });

  it("leaves an open fix as it stands when a retry's forced strategy finds nothing", async () => {
    await openAlert("sources:\n  code_scanning: true\n");
    await app.worker.runUntilIdle();
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    const [finding] = await app.store.read((reader) => reader.listFindings());
    // As if an earlier pass had opened PR #24 that now waits for approval.
    const open = { ...attempt!, state: "awaiting_approval" as const, reason: null, pullRequest: { number: 24, url: "u", branch: "secfix/code/js-sql-injection-10", headSha: "4".repeat(40), adoptedFrom: null, state: "open" as const } };
    await app.store.transaction(async (tx) => {
      await tx.saveFixAttempt(open);
      await tx.enqueueJob(fixCodeJob(finding!.installationId, finding!.repository, finding!.id, app.clock().toISOString(), { by: "bob", strategy: "recipe" }), app.clock().toISOString());
    });
    resetGitHubMock();
    const github = mockGitHub();
    repoConfig(github, OWNER, REPO, "sources:\n  code_scanning: true\n");
    github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { commit: { sha: BASE, commit: { tree: { sha: "2".repeat(40) } } } });
    github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent("src/db.js")}`).query({ ref: BASE }).reply(200, DB_JS, { "content-type": "text/plain" });
    let said = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/24/comments`, (body: { body: string }) => ((said = body.body), true)).reply(201, { id: 5 });
    await app.worker.runUntilIdle();

    const [after] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(after).toMatchObject({ state: "awaiting_approval", pullRequest: { number: 24, state: "open" } });
    expect(after!.reason).toMatch(/^a retry by bob found no other patch \(recipe: recipe sql-injection declined/);
    // The PR hears of it: the one write is that comment.
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.operationId)).toEqual(["issues/create-comment"]);
    expect(said).toMatch(/^The retry @bob asked for found no other patch: recipe: recipe sql-injection declined/);
    expect(said).toContain("This pull request stands as it was.");
  });

  it("says why when no strategy applies and AI is off", async () => {
    await openAlert("sources:\n  code_scanning: true\n");
    await app.worker.runUntilIdle();
    const [attempt] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: 337911632 }));
    expect(attempt).toMatchObject({ state: "no_fix", pullRequest: null });
    // Each strategy says why it gave nothing: the recipe cannot tell the database driver here.
    expect(attempt!.reason).toBe(
      "recipe: recipe sql-injection declined: the file imports none of mysql, mysql2, pg, sqlite3 or better-sqlite3, so the placeholder syntax the database expects cannot be told from the code.; autofix: Copilot Autofix is not enabled for this repository",
    );
  });
});
