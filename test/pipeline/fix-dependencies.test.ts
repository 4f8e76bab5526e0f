import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import type { DependencyPatcher, DependencyPatchOutcome } from "../../src/domain/dependency-fix.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import { JOB_KINDS, fixDependenciesJob } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { noConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";

useStrictGitHub();

// GitHub's example: semver < 7.5.2 in wolfy1339/pika-pack's package-lock.json.
const OWNER = "wolfy1339";
const REPO = "pika-pack";
const BASE = "1".repeat(40);
const BASE_TREE = "2".repeat(40);
const TREE = "3".repeat(40);
const COMMIT = "4".repeat(40);
const PACKAGE_JSON = '{\n  "dependencies": {\n    "semver": "^7.5.1"\n  }\n}\n';

/**
 * A deliberately small patcher for the publishing tests: it rewrites the range in package.json.
 * The real ecosystems have their own tests; here what matters is what secfix does with an outcome.
 */
function rangePatcher(outcome?: DependencyPatchOutcome): DependencyPatcher {
  return {
    ecosystem: "npm",
    async patch(request, files) {
      if (outcome) return outcome;
      const before = await files.read("package.json");
      if (before === null) return { status: "no_fix", reason: "the manifest no longer exists" };
      return {
        status: "patched",
        strategy: "npm-direct",
        files: [{ path: "package.json", before, after: before.replace('"^7.5.1"', '"^7.5.2"') }],
        packageName: request.packageName,
        fromVersion: "7.5.1",
        toVersion: "7.5.2",
        relationship: "direct",
        chain: ["semver@7.5.2"],
        explanation: ["7.5.2 is the lowest version outside < 7.5.2."],
      };
    },
  };
}

let app: TestApp;
async function start(patcher: DependencyPatcher = rangePatcher()) {
  // These tests end at the published PR; the gate pass that follows is tested in gate-fix.test.ts.
  app = await createTestApp({ dependencyPatcher: async (ecosystem) => (ecosystem === "npm" ? patcher : null), skipJobKinds: [JOB_KINDS.gateFix] });
  const payload = exampleWebhook("dependabot_alert", "created");
  const github = mockGitHub();
  noConfig(github, OWNER, REPO);
  github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, payload.alert);
  await app.probot.receive({ id: "dep", name: "dependabot_alert", payload } as never);
  await app.worker.runUntilIdle();
  // The fix pass waits for the debounce.
  app.clock.advance(15_000);
  resetGitHubMock();
}
afterEach(async () => {
  await app.close();
});

function baseBranch(github: ReturnType<typeof mockGitHub>, sha = BASE) {
  github.get(`/repos/${OWNER}/${REPO}/branches/master`).reply(200, { name: "master", commit: { sha, commit: { tree: { sha: BASE_TREE } } } });
}

function publishMocks(github: ReturnType<typeof mockGitHub>, options: { pulls?: unknown[] } = {}) {
  const bodies: Record<string, any> = {};
  noConfig(github, OWNER, REPO);
  baseBranch(github);
  github.get(`/repos/${OWNER}/${REPO}/pulls`).query({ state: "open", per_page: "100" }).reply(200, options.pulls ?? []);
  github.get(`/repos/${OWNER}/${REPO}/contents/package.json`).query({ ref: BASE }).reply(200, PACKAGE_JSON, { "content-type": "text/plain" });
  github.post(`/repos/${OWNER}/${REPO}/git/trees`, (body) => ((bodies.tree = body), true)).reply(201, { sha: TREE, tree: [] });
  github.post(`/repos/${OWNER}/${REPO}/git/commits`, (body) => ((bodies.commit = body), true)).reply(201, { sha: COMMIT });
  return bodies;
}

async function attempts(): Promise<FixAttempt[]> {
  return app.store.read((reader) => reader.listFixAttempts({ repositoryId: 512875663 }));
}

async function auditActions(): Promise<string[]> {
  return (await app.store.read((reader) => reader.listAuditEvents())).map((event) => event.action).filter((action) => action.startsWith("fix."));
}

/** Queues the fix pass again, as a retry, a restart or another alert would. */
async function rerun() {
  const github = mockGitHub();
  const payload = exampleWebhook("dependabot_alert", "created");
  await app.store.transaction((tx) =>
    tx.enqueueJob({ kind: "fix.dependencies", key: "fix.dependencies:512875663", payload: { installationId: payload.installation!.id, repository: { id: 512875663, fullName: `${OWNER}/${REPO}`, defaultBranch: "master" } } }, app.clock().toISOString()),
  );
  return github;
}

const pullResponse = (number: number, branch: string, sha = COMMIT) => ({
  number,
  html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
  head: { sha, ref: branch },
  user: { login: "secfix[bot]" },
  state: "open",
  merged_at: null,
});

describe("publishing a dependency fix", () => {
  it("opens one PR with one commit in five requests for branch, commit and PR, then labels and a check run", async () => {
    await start();
    const github = mockGitHub();
    const bodies = publishMocks(github);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`, (body) => ((bodies.ref = body), true)).reply(201, { ref: "refs/heads/secfix/npm/semver-7.5.2" });
    github.post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((bodies.pull = body), true)).reply(201, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`, (body) => ((bodies.labels = body), true)).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => ((bodies.check = body), true)).reply(201, { id: 99 });

    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(bodies.tree).toEqual({ base_tree: BASE_TREE, tree: [{ path: "package.json", mode: "100644", type: "blob", content: PACKAGE_JSON.replace("^7.5.1", "^7.5.2") }] });
    expect(bodies.commit).toMatchObject({ tree: TREE, parents: [BASE] });
    expect(bodies.commit.message).toMatch(/^fix\(deps\): bump semver from 7.5.1 to 7.5.2 \[security\]\n\nGHSA-c2qf-rxjj-qqgw/);
    expect(bodies.ref).toEqual({ ref: "refs/heads/secfix/npm/semver-7.5.2", sha: COMMIT });
    expect(bodies.pull).toMatchObject({ head: "secfix/npm/semver-7.5.2", base: "master", title: "fix(deps): bump semver from 7.5.1 to 7.5.2 [security]" });
    for (const fragment of ["GHSA-c2qf-rxjj-qqgw", "CVE-2022-25883", "5.3", "`< 7.5.2`", "`7.5.2`", "semver vulnerable to Regular Expression Denial of Service", "patch", "`package.json`", "/secfix explain"]) {
      expect(bodies.pull.body).toContain(fragment);
    }
    expect(bodies.labels).toEqual({ labels: ["security", "medium"] });
    expect(bodies.check).toMatchObject({ name: "secfix", head_sha: COMMIT, status: "completed", conclusion: "success" });

    const writes = requests.filter((r) => ["repos/get-branch", "git/create-tree", "git/create-commit", "git/create-ref", "pulls/create"].includes(r.operationId ?? ""));
    expect(writes).toHaveLength(5);
    expect(requests.map((r) => r.operationId)).toEqual([
      "repos/get-content", // config, repository
      "repos/get-content", // config, owner's .github
      "repos/get-branch",
      "pulls/list", // is Dependabot already on it?
      "repos/get-content", // package.json at the base commit
      "git/create-tree",
      "git/create-commit",
      "git/create-ref",
      "pulls/create",
      "issues/add-labels",
      "checks/create",
    ]);
    const [attempt] = await attempts();
    expect(attempt).toMatchObject({ state: "proposed", strategy: "npm-direct", baseSha: BASE, pullRequest: { number: 7, headSha: COMMIT, adoptedFrom: null } });
    expect(await auditActions()).toEqual(["fix.planned", "fix.patched", "fix.checked", "fix.published"]);

    let out = "";
    await runCli(["findings"], { out: (text) => (out += text), err: () => undefined, env: { DATABASE_URL: app.databaseFile } });
    expect(out).toMatch(/wolfy1339\/pika-pack\s+dependabot#20\s+medium\s+P2\s+open\s+act\s+\S+( \(overdue\))?\s+proposed #7\s+semver/);
  });

  it("writes nothing when the same alert arrives again, or the fix pass runs again, with nothing changed", async () => {
    await start();
    let github = mockGitHub();
    publishMocks(github);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 99 });
    await app.worker.runUntilIdle();
    const before = await auditActions();
    resetGitHubMock();

    // The same alert delivered again: re-read, unchanged, so no fix pass is even queued.
    github = mockGitHub();
    const payload = exampleWebhook("dependabot_alert", "created");
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, payload.alert);
    await app.probot.receive({ id: "dep-again", name: "dependabot_alert", payload } as never);
    await app.worker.runUntilIdle();
    app.clock.advance(15_000);
    expect(await app.worker.runUntilIdle()).toBe(0);

    // A fix pass that runs anyway (a retry, a restart) finds its PR current on the same base.
    await rerun();
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(await auditActions()).toEqual(before);
  });

  it("adopts the PR GitHub says already exists for the branch instead of failing", async () => {
    await start();
    const github = mockGitHub();
    publishMocks(github);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(422, { message: "Validation Failed", errors: [{ message: "A pull request already exists for wolfy1339:secfix/npm/semver-7.5.2." }] });
    github.get(`/repos/${OWNER}/${REPO}/pulls`).query({ head: `${OWNER}:secfix/npm/semver-7.5.2`, state: "open", per_page: "1" }).reply(200, [pullResponse(5, "secfix/npm/semver-7.5.2")]);
    github.post(`/repos/${OWNER}/${REPO}/issues/5/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 99 });
    await app.worker.runUntilIdle();
    const [attempt] = await attempts();
    expect(attempt).toMatchObject({ state: "proposed", pullRequest: { number: 5 } });
    const published = (await app.store.read((reader) => reader.listAuditEvents())).find((event) => event.action === "fix.published");
    expect(published?.details).toMatchObject({ pullRequest: 5, reusedPullRequest: true });
  });

  it("takes over a branch a crashed run left with secfix's own commit, and opens the PR", async () => {
    await start();
    const github = mockGitHub();
    publishMocks(github);
    const earlier = "5".repeat(40);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(422, { message: "Reference already exists" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { ref: "refs/heads/secfix/npm/semver-7.5.2", object: { sha: earlier, type: "commit" } });
    github.get(`/repos/${OWNER}/${REPO}/git/commits/${earlier}`).reply(200, { sha: earlier, tree: { sha: TREE }, parents: [{ sha: BASE }] });
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, pullResponse(8, "secfix/npm/semver-7.5.2", earlier));
    github.post(`/repos/${OWNER}/${REPO}/issues/8/labels`).reply(200, []);
    let checkSha: string | undefined;
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => ((checkSha = body.head_sha), true)).reply(201, { id: 99 });
    await app.worker.runUntilIdle();
    expect(checkSha).toBe(earlier);
    expect((await attempts())[0]).toMatchObject({ state: "proposed", pullRequest: { number: 8, headSha: earlier } });
  });

  it("leaves a branch of the same name with someone else's commits alone and says why", async () => {
    await start();
    const github = mockGitHub();
    publishMocks(github);
    const foreign = "6".repeat(40);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(422, { message: "Reference already exists" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { ref: "refs/heads/secfix/npm/semver-7.5.2", object: { sha: foreign, type: "commit" } });
    github.get(`/repos/${OWNER}/${REPO}/git/commits/${foreign}`).reply(200, { sha: foreign, tree: { sha: "7".repeat(40) }, parents: [{ sha: BASE }] });
    await app.worker.runUntilIdle();
    const [attempt] = await attempts();
    expect(attempt).toMatchObject({ state: "no_fix", branchForeign: true, pullRequest: null });
    expect(attempt!.reason).toMatch(/already exists with commits secfix did not make/);
    expect(requests.some((r) => r.operationId === "pulls/create")).toBe(false);
  });

  it("adopts Dependabot's own PR for the package instead of opening a second one", async () => {
    await start();
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    const dependabotHead = "8".repeat(40);
    github
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [{ ...pullResponse(3, "dependabot/npm_and_yarn/semver-7.5.2", dependabotHead), user: { login: "dependabot[bot]" } }]);
    let check: any;
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => ((check = body), true)).reply(201, { id: 1 });
    await app.worker.runUntilIdle();
    expect(check).toMatchObject({ name: "secfix", head_sha: dependabotHead, output: { title: "Adopted Dependabot's fix for semver" } });
    expect((await attempts())[0]).toMatchObject({ state: "proposed", strategy: "dependabot", pullRequest: { number: 3, adoptedFrom: "dependabot" } });
    expect(await auditActions()).toEqual(["fix.adopted"]);
  });

  it("pushes nothing when the patch fails the local checks, and records every verdict", async () => {
    await start(
      rangePatcher({
        status: "patched",
        strategy: "npm-direct",
        files: [
          { path: "package.json", before: PACKAGE_JSON, after: PACKAGE_JSON.replace("^7.5.1", "^7.5.2") },
          { path: ".github/workflows/ci.yml", before: "on: push\n", after: "on: push\njobs: {}\n" },
        ],
        packageName: "semver",
        fromVersion: "7.5.1",
        toVersion: "7.5.2",
        relationship: "direct",
        chain: [],
        explanation: [],
      }),
    );
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    github.get(`/repos/${OWNER}/${REPO}/pulls`).query({ state: "open", per_page: "100" }).reply(200, []);
    await app.worker.runUntilIdle();
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    const [attempt] = await attempts();
    expect(attempt).toMatchObject({ state: "no_fix", pullRequest: null });
    expect(attempt!.reason).toMatch(/local checks: scope \(\.github\/workflows\/ci\.yml: protected/);
    const rejected = (await app.store.read((reader) => reader.listAuditEvents())).find((event) => event.action === "fix.rejected");
    expect((rejected!.details.verdicts as { gate: string }[]).map((v) => v.gate)).toEqual(["scope", "size", "parse", "content", "package-scripts"]);
  });

  it("does not take a look-alike branch by someone else for Dependabot's", async () => {
    await start(rangePatcher({ status: "no_fix", reason: "no published version of semver is outside < 7.5.2" }));
    const github = mockGitHub();
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    github
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [{ ...pullResponse(3, "dependabot/npm_and_yarn/semver-7.5.2"), user: { login: "mallory" } }]);
    await app.worker.runUntilIdle();
    expect((await attempts())[0]).toMatchObject({ state: "no_fix", pullRequest: null, reason: expect.stringContaining("no published version of semver") });
    expect(await auditActions()).toEqual(["fix.planned", "fix.no_fix"]);
  });
});

describe("keeping a fix PR current", () => {
  async function published() {
    await start();
    const github = mockGitHub();
    publishMocks(github);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 99 });
    await app.worker.runUntilIdle();
    resetGitHubMock();
  }


  it("recomputes the fix on the same base when a person asked for a retry, and only for that plan", async () => {
    await published();
    const [attempt] = await attempts();
    const github = mockGitHub();
    await app.store.transaction((tx) =>
      tx.enqueueJob(fixDependenciesJob(attempt!.installationId, attempt!.repository, app.clock().toISOString(), { by: "bob", attemptId: attempt!.id }), app.clock().toISOString()),
    );
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    github.get(`/repos/${OWNER}/${REPO}/contents/package.json`).query({ ref: BASE }).reply(200, PACKAGE_JSON, { "content-type": "text/plain" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { object: { sha: COMMIT } });
    github.post(`/repos/${OWNER}/${REPO}/git/trees`).reply(201, { sha: TREE });
    github.post(`/repos/${OWNER}/${REPO}/git/commits`).reply(201, { sha: "b".repeat(40) });
    github.patch(`/repos/${OWNER}/${REPO}/git/refs/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`, { sha: "b".repeat(40), force: true }).reply(200, {});
    github.patch(`/repos/${OWNER}/${REPO}/pulls/7`).reply(200, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 101 });
    expect(await app.worker.runUntilIdle()).toBe(1);
    expect((await attempts())[0]).toMatchObject({ baseSha: BASE, state: "proposed", pullRequest: { number: 7, headSha: "b".repeat(40) } });
  });

  it("leaves an open fix standing, and says so on its PR, when a retry finds no patch", async () => {
    let refuse = false;
    const ranged = rangePatcher();
    await start({ ecosystem: "npm", patch: (request, files) => (refuse ? Promise.resolve({ status: "no_fix", reason: "the registry has no version outside the range" }) : ranged.patch(request, files)) });
    let github = mockGitHub();
    publishMocks(github);
    github.post(`/repos/${OWNER}/${REPO}/git/refs`).reply(201, {});
    github.post(`/repos/${OWNER}/${REPO}/pulls`).reply(201, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/issues/7/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 99 });
    await app.worker.runUntilIdle();
    resetGitHubMock();

    refuse = true;
    const [before] = await attempts();
    await app.store.transaction((tx) =>
      tx.enqueueJob(fixDependenciesJob(before!.installationId, before!.repository, app.clock().toISOString(), { by: "bob", attemptId: before!.id }), app.clock().toISOString()),
    );
    github = mockGitHub();
    noConfig(github, OWNER, REPO);
    baseBranch(github);
    let said = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body: { body: string }) => ((said = body.body), true)).reply(201, {});
    await app.worker.runUntilIdle();

    expect(said).toContain("The retry @bob asked for found no other patch: semver (package-lock.json): the registry has no version outside the range");
    expect((await attempts())[0]).toMatchObject({ state: before!.state, pullRequest: { number: 7, state: "open" } });
  });

  it("recomputes the fix on the new base when the default branch moved, and moves only its own branch", async () => {
    await published();
    const github = await rerun();
    const newBase = "9".repeat(40);
    noConfig(github, OWNER, REPO);
    baseBranch(github, newBase);
    github.get(`/repos/${OWNER}/${REPO}/contents/package.json`).query({ ref: newBase }).reply(200, PACKAGE_JSON, { "content-type": "text/plain" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { object: { sha: COMMIT } });
    github.post(`/repos/${OWNER}/${REPO}/git/trees`).reply(201, { sha: TREE });
    let parents: unknown;
    github.post(`/repos/${OWNER}/${REPO}/git/commits`, (body) => ((parents = body.parents), true)).reply(201, { sha: "a".repeat(40) });
    let moved: unknown;
    github.patch(`/repos/${OWNER}/${REPO}/git/refs/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`, (body) => ((moved = body), true)).reply(200, {});
    github.patch(`/repos/${OWNER}/${REPO}/pulls/7`).reply(200, pullResponse(7, "secfix/npm/semver-7.5.2"));
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 100 });
    await app.worker.runUntilIdle();
    expect(parents).toEqual([newBase]);
    expect(moved).toEqual({ sha: "a".repeat(40), force: true });
    expect((await attempts())[0]).toMatchObject({ baseSha: newBase, pullRequest: { number: 7, headSha: "a".repeat(40) } });
  });

  it("stops updating a branch someone else pushed to, says so once, and never touches it again", async () => {
    await published();
    let github = await rerun();
    noConfig(github, OWNER, REPO);
    baseBranch(github, "9".repeat(40));
    github.get(`/repos/${OWNER}/${REPO}/contents/package.json`).query({ ref: "9".repeat(40) }).reply(200, PACKAGE_JSON, { "content-type": "text/plain" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { object: { sha: "b".repeat(40) } });
    let comment: string | undefined;
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body) => ((comment = body.body), true)).reply(201, {});
    await app.worker.runUntilIdle();
    expect(comment).toMatch(/Someone pushed to `secfix\/npm\/semver-7.5.2`.*stops updating/);
    expect((await attempts())[0]).toMatchObject({ branchForeign: true });

    github = await rerun();
    noConfig(github, OWNER, REPO);
    await app.worker.runUntilIdle();
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.operationId)).toEqual(["issues/create-comment"]); // the one comment, above
  });

  it("opens a fresh PR on a branch of its own once a person restarts a fix whose branch was taken over", async () => {
    await published();
    let github = await rerun();
    noConfig(github, OWNER, REPO);
    baseBranch(github, "9".repeat(40));
    github.get(`/repos/${OWNER}/${REPO}/contents/package.json`).query({ ref: "9".repeat(40) }).reply(200, PACKAGE_JSON, { "content-type": "text/plain" });
    github.get(`/repos/${OWNER}/${REPO}/git/ref/heads%2Fsecfix%2Fnpm%2Fsemver-7.5.2`).reply(200, { object: { sha: "b".repeat(40) } });
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`).reply(201, {});
    await app.worker.runUntilIdle();
    resetGitHubMock();

    // What `/secfix retry` records for a taken-over branch (test/pipeline/command-retry.test.ts), then the pass it queues.
    const [taken] = await attempts();
    await app.store.transaction(async (tx) => {
      await tx.saveFixAttempt({ ...taken!, state: "planned", branchForeign: false, pullRequest: null, restarts: 1 });
      await tx.enqueueJob(fixDependenciesJob(taken!.installationId, taken!.repository, app.clock().toISOString(), { by: "bob", attemptId: taken!.id }), app.clock().toISOString());
    });
    github = mockGitHub();
    publishMocks(github);
    let ref: Record<string, unknown> = {};
    github.post(`/repos/${OWNER}/${REPO}/git/refs`, (body) => ((ref = body), true)).reply(201, {});
    let opened: Record<string, unknown> = {};
    github.post(`/repos/${OWNER}/${REPO}/pulls`, (body) => ((opened = body), true)).reply(201, pullResponse(8, "secfix/npm/semver-7.5.2-r2"));
    github.post(`/repos/${OWNER}/${REPO}/issues/8/labels`).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 102 });
    await app.worker.runUntilIdle();

    expect(ref).toEqual({ ref: "refs/heads/secfix/npm/semver-7.5.2-r2", sha: COMMIT });
    expect(opened).toMatchObject({ head: "secfix/npm/semver-7.5.2-r2", base: "master" });
    // Nothing is written to the taken-over branch or its PR #7.
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.operationId)).toEqual(["git/create-tree", "git/create-commit", "git/create-ref", "pulls/create", "issues/add-labels", "checks/create"]);
    expect((await attempts())[0]).toMatchObject({ state: "proposed", restarts: 1, pullRequest: { number: 8, branch: "secfix/npm/semver-7.5.2-r2" } });
  });

  it("closes the PR with a comment when the alert is fixed meanwhile", async () => {
    await published();
    const github = mockGitHub();
    const fixed = exampleWebhook("dependabot_alert", "created");
    noConfig(github, OWNER, REPO);
    github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, { ...fixed.alert, state: "fixed", fixed_at: "2026-11-25T12:00:30Z" });
    await app.probot.receive({ id: "dep-fixed", name: "dependabot_alert", payload: { ...fixed, action: "fixed" } } as never);
    await app.worker.runUntilIdle();
    app.clock.advance(15_000);
    noConfig(github, OWNER, REPO);
    let comment: string | undefined;
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body) => ((comment = body.body), true)).reply(201, {});
    let closed: unknown;
    github.patch(`/repos/${OWNER}/${REPO}/pulls/7`, (body) => ((closed = body), true)).reply(200, {});
    await app.worker.runUntilIdle();
    expect(comment).toMatch(/closed as fixed/);
    expect(closed).toEqual({ state: "closed" });
    expect((await attempts())[0]).toMatchObject({ state: "resolved", pullRequest: { state: "closed" } });
    expect(await auditActions()).toContain("fix.closed");
  });
});
