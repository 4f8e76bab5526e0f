import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.js";
import type { DependencyPatcher } from "../../src/domain/dependency-fix.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { repoConfig } from "../harness/github-fixtures.js";
import { mockGitHub, requests, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";

useStrictGitHub();

// GitHub's example alert: semver < 7.5.2 in wolfy1339/pika-pack.
const OWNER = "wolfy1339";
const REPO = "pika-pack";
const REPO_ID = 512875663;
const BASE = "1".repeat(40);
const HEAD = "4".repeat(40);
const MERGED = "5".repeat(40);
const BRANCH = "secfix/npm/semver-7.5.2";
const CONFIG = "auto_merge:\n  enabled: true\n";
const PACKAGE_JSON = '{\n  "dependencies": {\n    "semver": "^7.5.1"\n  }\n}\n';
const lockfile = (version: string) =>
  `${JSON.stringify(
    {
      name: "pika-pack",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { dependencies: { semver: `^${version}` } },
        "node_modules/semver": { version, resolved: `https://registry.npmjs.org/semver/-/semver-${version}.tgz`, integrity: "sha512-x" },
      },
    },
    null,
    2,
  )}\n`;

/**
 * A stand-in for the npm patcher (tested on its own): bumps semver in the manifest and, unless
 * told to leave it (a broken patch), in the lockfile.
 */
function semverPatcher(toVersion: string, lockfileToo = true): DependencyPatcher {
  return {
    ecosystem: "npm",
    async patch(request, files) {
      const manifest = (await files.read("package.json"))!;
      const lock = (await files.read("package-lock.json"))!;
      return {
        status: "patched",
        strategy: "npm-direct",
        files: [
          { path: "package.json", before: manifest, after: manifest.replace('"^7.5.1"', `"^${toVersion}"`) },
          ...(lockfileToo ? [{ path: "package-lock.json", before: lock, after: lockfile(toVersion) }] : []),
        ],
        packageName: request.packageName,
        fromVersion: "7.5.1",
        toVersion,
        relationship: "direct",
        chain: [`semver@${toVersion}`],
        explanation: [`${toVersion} is the lowest version outside < 7.5.2.`],
      };
    },
  };
}

let app: TestApp;
afterEach(async () => {
  await app.close();
});

type Scope = ReturnType<typeof mockGitHub>;
const contents = (github: Scope, path: string, ref: string, text: string | null) =>
  text === null
    ? github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(404, { message: "Not Found" })
    : github.get(`/repos/${OWNER}/${REPO}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(200, text, { "content-type": "text/plain" });

/** The alert arrives, is triaged, and the fix pass publishes PR #7 with secfix's commit HEAD. */
async function publishFix(lockfileToo = true): Promise<void> {
  app = await createTestApp({ dependencyPatcher: async () => semverPatcher("7.5.2", lockfileToo) });
  const payload = exampleWebhook("dependabot_alert", "created");
  const github = mockGitHub();
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/dependabot/alerts/20`).reply(200, payload.alert);
  await app.probot.receive({ id: "alert", name: "dependabot_alert", payload } as never);
  await app.worker.runUntilIdle();

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

function pullDetails(overrides: Record<string, unknown> = {}) {
  return {
    number: 7,
    node_id: "PR_kwDOHqFs7c5abc",
    state: "open",
    merged: false,
    draft: false,
    title: "fix(deps): bump semver from 7.5.1 to 7.5.2 [security]",
    html_url: `https://github.com/${OWNER}/${REPO}/pull/7`,
    user: { login: "secfix[bot]", id: 9001, type: "Bot" },
    head: { sha: HEAD, ref: BRANCH, repo: { full_name: `${OWNER}/${REPO}` } },
    base: { sha: BASE, ref: "master" },
    mergeable: true,
    mergeable_state: "clean",
    merge_commit_sha: "6".repeat(40),
    ...overrides,
  };
}

/** Everything one gate pass asks of GitHub and the registry, up to the verdict. */
function gatePassMocks(github: Scope, options: { checkRuns?: unknown[]; behindBy?: number; lockfileChanged?: boolean; movedTo?: string } = {}) {
  const lockfileChanged = options.lockfileChanged ?? true;
  repoConfig(github, OWNER, REPO, CONFIG);
  github.get(`/repos/${OWNER}/${REPO}/pulls/7`).reply(200, pullDetails());
  // The second look, after the gates ran: the head may have moved meanwhile.
  const moved = options.movedTo ? { head: { sha: options.movedTo, ref: BRANCH, repo: { full_name: `${OWNER}/${REPO}` } } } : {};
  github.get(`/repos/${OWNER}/${REPO}/pulls/7`).reply(200, pullDetails(moved));
  github.get(`/repos/${OWNER}/${REPO}/compare/master...${HEAD}`).query(true).reply(200, {
    ahead_by: 1,
    behind_by: options.behindBy ?? 0,
    merge_base_commit: { sha: BASE },
    files: [{ filename: "package.json", status: "modified" }, ...(lockfileChanged ? [{ filename: "package-lock.json", status: "modified" }] : [])],
    commits: [{ sha: HEAD, author: { login: "secfix[bot]", type: "Bot" }, committer: { login: "web-flow", type: "User" } }],
  });
  contents(github, "package.json", BASE, PACKAGE_JSON);
  contents(github, "package.json", HEAD, PACKAGE_JSON.replace("^7.5.1", "^7.5.2"));
  if (lockfileChanged) {
    contents(github, "package-lock.json", BASE, lockfile("7.5.1"));
    contents(github, "package-lock.json", HEAD, lockfile("7.5.2"));
    // The version the patch adds must exist on the registry and carry no advisory.
    contents(github, ".npmrc", HEAD, null);
    nock("https://registry.npmjs.org").get("/semver").reply(200, { name: "semver", versions: { "7.5.1": {}, "7.5.2": {}, "7.5.4": {} } });
    github.get("/advisories").query(true).reply(200, []);
  } else {
    contents(github, "package-lock.json", HEAD, lockfile("7.5.1"));
  }
  contents(github, "npm-shrinkwrap.json", HEAD, null);
  github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, {
    total_count: 1,
    check_runs: options.checkRuns ?? [{ name: "test", status: "completed", conclusion: "success", html_url: "https://github.com/x/y/runs/1", app: { id: 15368, slug: "github-actions" } }],
  });
  github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/status`).query(true).reply(200, { state: "success", statuses: [], total_count: 0 });
  github.get(`/repos/${OWNER}/${REPO}/branches/master/protection/required_status_checks`).reply(404, { message: "Branch not protected" });
  github.get(`/repos/${OWNER}/${REPO}/rules/branches/master`).query(true).reply(200, []);
}

/** What the risk assessment reads: CODEOWNERS in its three places, none present. */
function noCodeowners(github: Scope) {
  for (const path of [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]) contents(github, path, "master", null);
}

async function attempt(): Promise<FixAttempt> {
  const [only] = await app.store.read((reader) => reader.listFixAttempts({ repositoryId: REPO_ID }));
  return only!;
}

async function actions(): Promise<string[]> {
  return (await app.store.read((reader) => reader.listAuditEvents())).map((event) => event.action);
}

describe("a low-risk dependency fix, from alert to merged PR", () => {
  it("gates the PR's head, finds it low-risk, merges it with the SHA guard, and records every step", async () => {
    await publishFix();
    const github = mockGitHub();
    gatePassMocks(github);
    const checks: Record<string, any>[] = [];
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => (checks.push(body), true)).reply(201, { id: 501 });
    github.patch(`/repos/${OWNER}/${REPO}/check-runs/501`, (body) => (checks.push(body), true)).reply(200, { id: 501 });
    noCodeowners(github);
    github.get(`/repos/${OWNER}/${REPO}`).reply(200, { id: REPO_ID, full_name: `${OWNER}/${REPO}`, allow_auto_merge: false, allow_squash_merge: true, allow_merge_commit: true, allow_rebase_merge: true, owner: { type: "User" } });
    let merge: Record<string, unknown> | undefined;
    github.put(`/repos/${OWNER}/${REPO}/pulls/7/merge`, (body) => ((merge = body), true)).reply(200, { merged: true, sha: MERGED, message: "Pull Request successfully merged" });
    github.get(`/repos/${OWNER}/${REPO}/issues/7/comments`).query(true).reply(200, []);
    let comment = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body: { body: string }) => ((comment = body.body), true)).reply(201, { id: 801 });

    app.clock.advance(10_000);
    expect(await app.worker.runUntilIdle()).toBe(1);

    // The trace: the requests the gate pass made, in order.
    expect(requests.map((r) => r.operationId)).toEqual([
      "repos/get-content", // config
      "pulls/get",
      "repos/compare-commits",
      "repos/get-content", // package.json at the merge base
      "repos/get-content", // package.json at the head
      "repos/get-content", // package-lock.json at the merge base
      "repos/get-content", // package-lock.json at the head
      "repos/get-content", // .npmrc at the head: which registry semver comes from
      "security-advisories/list-global-advisories", // semver@7.5.2 (the registry has it)
      "checks/list-for-ref",
      "repos/get-combined-status-for-ref",
      "repos/get-status-checks-protection",
      "repos/get-branch-rules",
      "repos/get-content", // npm-shrinkwrap.json at the head, for the re-scan
      "pulls/get", // has the head moved meanwhile?
      "checks/create",
      "checks/update",
      "repos/get-content", // .github/CODEOWNERS
      "repos/get-content", // CODEOWNERS
      "repos/get-content", // docs/CODEOWNERS
      "repos/get",
      "pulls/merge",
      "issues/list-comments",
      "issues/create-comment",
    ]);
    expect(checks[0]).toMatchObject({ name: "secfix/gates", head_sha: HEAD, status: "in_progress" });
    expect(checks[1]).toMatchObject({ status: "completed", conclusion: "success" });
    for (const gate of ["scope", "size", "parse", "content", "package-scripts", "dependencies", "ci", "rescan"]) {
      expect(checks[1]!.output.summary).toMatch(new RegExp(`\\| ${gate} \\| ✅ passed \\|`));
    }
    expect(checks[1]!.output.summary).toContain("semver 7.5.2 in package-lock.json is outside every vulnerable range");
    expect(merge).toEqual({ merge_method: "squash", sha: HEAD });
    expect(comment).toContain("<!-- secfix:evidence -->");
    expect(comment).toMatch(/Risk: LOW/i);
    expect(comment).toContain("secfix merged");

    const gated = await attempt();
    expect(gated).toMatchObject({ state: "merging", gates: { outcome: "passed", headSha: HEAD }, risk: { level: "low" }, merge: { status: "merged", method: "api", headSha: HEAD }, approval: null, evidenceCommentId: 801 });

    // GitHub then reports the merge; the fix moves on to deployment.
    const closed = exampleWebhook("pull_request", "closed");
    const repository = exampleWebhook("dependabot_alert", "created").repository;
    await app.probot.receive({
      id: "merged",
      name: "pull_request",
      payload: { ...closed, installation: { id: 1, node_id: "x" }, repository, pull_request: { ...closed.pull_request, number: 7, merged: true, merged_by: { ...closed.pull_request.user, login: "secfix[bot]" }, head: { ...closed.pull_request.head, ref: BRANCH } } },
    } as never);
    await app.worker.runUntilIdle();
    expect(await attempt()).toMatchObject({ state: "deploying", pullRequest: { state: "merged" } });
    expect(await actions()).toEqual(expect.arrayContaining(["fix.published", "gates.started", "gates.passed", "risk.assessed", "merge.merged", "fix.merged"]));
    const events = await app.store.read((reader) => reader.listAuditEvents());
    expect((await verifyAuditChain(events)).ok).toBe(true);
  });

  it("fails the gates when the lockfile still resolves a vulnerable version, and says what retry would do", async () => {
    // A broken patch: the manifest asks for ^7.5.2 but the lockfile still installs 7.5.1.
    await publishFix(false);
    const github = mockGitHub();
    gatePassMocks(github, { lockfileChanged: false });
    let completed: Record<string, any> | undefined;
    github.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, { id: 502 });
    github.patch(`/repos/${OWNER}/${REPO}/check-runs/502`, (body) => ((completed = body), true)).reply(200, { id: 502 });
    noCodeowners(github);
    github.get(`/repos/${OWNER}/${REPO}/issues/7/comments`).query(true).reply(200, []);
    let comment = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`, (body: { body: string }) => ((comment = body.body), true)).reply(201, { id: 802 });

    app.clock.advance(10_000);
    await app.worker.runUntilIdle();

    expect(completed).toMatchObject({ conclusion: "failure" });
    expect(completed!.output.summary).toContain("7.5.1");
    expect(comment).toContain("/secfix retry");
    expect(await attempt()).toMatchObject({ state: "gate_failed", gates: { outcome: "failed" } });
    expect(requests.some((r) => r.operationId === "pulls/merge")).toBe(false);
    expect(await actions()).toContain("gates.failed");
  });
});

describe("faults on the way to a merge", () => {
  it("fails the CI gate at the deadline when CI never reports, through a timer that was queued with the first pass", async () => {
    await publishFix();
    const github = mockGitHub();
    gatePassMocks(github, { checkRuns: [] });
    const checks: Record<string, any>[] = [];
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => (checks.push(body), true)).reply(201, { id: 503 });
    noCodeowners(github);
    github.get(`/repos/${OWNER}/${REPO}/issues/7/comments`).query(true).reply(200, []);
    github.post(`/repos/${OWNER}/${REPO}/issues/7/comments`).reply(201, { id: 803 });
    app.clock.advance(10_000);
    await app.worker.runUntilIdle();
    expect(checks).toEqual([expect.objectContaining({ name: "secfix/gates", status: "in_progress" })]);
    expect(await attempt()).toMatchObject({ state: "gating", gates: { outcome: "pending" } });
    const deadline = (await app.store.read((reader) => reader.listJobs("queued"))).find((job) => job.key.includes(":deadline:"));
    expect(deadline?.runAt).toBe(new Date(Date.parse("2026-11-25T12:00:25.000Z") + 2 * 3_600_000).toISOString());
    resetGitHubMock();

    // Two hours on, still nothing from CI: the timer's pass fails the gate, even across a restart.
    app = await app.restart();
    app.clock.advance(2 * 3_600_000);
    repoConfig(github, OWNER, REPO, CONFIG);
    github.get(`/repos/${OWNER}/${REPO}/pulls/7`).times(2).reply(200, pullDetails());
    contents(github, "package.json", HEAD, PACKAGE_JSON.replace("^7.5.1", "^7.5.2"));
    contents(github, "package-lock.json", HEAD, lockfile("7.5.2"));
    contents(github, "npm-shrinkwrap.json", HEAD, null);
    github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    github.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/status`).query(true).reply(200, { state: "pending", statuses: [], total_count: 0 });
    github.get(`/repos/${OWNER}/${REPO}/branches/master/protection/required_status_checks`).reply(404, { message: "Branch not protected" });
    github.get(`/repos/${OWNER}/${REPO}/rules/branches/master`).query(true).reply(200, []);
    let completed: Record<string, any> | undefined;
    github.patch(`/repos/${OWNER}/${REPO}/check-runs/503`, (body) => ((completed = body), true)).reply(200, { id: 503 });
    let edited = "";
    github.patch(`/repos/${OWNER}/${REPO}/issues/comments/803`, (body: { body: string }) => ((edited = body.body), true)).reply(200, { id: 803 });
    await app.worker.runUntilIdle();

    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(completed!.output.summary).toMatch(/no CI reported/);
    expect(edited).toContain("/secfix retry");
    expect(await attempt()).toMatchObject({ state: "gate_failed", gates: { outcome: "failed" } });
  });

  it("discards a verdict when the head moves while the gates run, and gates the new head instead", async () => {
    await publishFix();
    const github = mockGitHub();
    // Someone pushes while the gates run: the second look at the PR finds another head.
    gatePassMocks(github, { movedTo: "7".repeat(40) });
    app.clock.advance(10_000);
    await app.worker.runUntilIdle();

    expect(requests.some((r) => r.operationId === "checks/create")).toBe(false);
    expect(await actions()).toContain("gates.discarded");
    expect((await attempt()).gates ?? null).toBeNull();
    expect((await app.store.read((reader) => reader.listJobs("queued"))).some((job) => job.kind === "fix.gate")).toBe(true);
  });

  it("never gates or merges a PR someone else opened on a secfix/ branch", async () => {
    app = await createTestApp();
    const github = mockGitHub();
    const synchronize = exampleWebhook("pull_request", "synchronize");
    const repository = exampleWebhook("dependabot_alert", "created").repository;
    await app.probot.receive({
      id: "impostor",
      name: "pull_request",
      payload: { ...synchronize, installation: { id: 1, node_id: "x" }, repository, pull_request: { ...synchronize.pull_request, number: 99, user: { ...synchronize.pull_request.user, login: "mallory" }, head: { ...synchronize.pull_request.head, ref: "secfix/npm/semver-7.5.2" } } },
    } as never);
    repoConfig(github, OWNER, REPO, CONFIG);
    app.clock.advance(10_000);
    await app.worker.runUntilIdle();
    // Only the configuration was read: secfix has no fix on PR #99, so it asks nothing more.
    expect(requests.map((r) => r.operationId)).toEqual(["repos/get-content"]);
  });
});
