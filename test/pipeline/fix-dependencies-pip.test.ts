import { afterEach, describe, expect, it } from "vitest";
import { createDependencyPatchers } from "../../src/pipeline/dependency-patchers.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { noConfig } from "../harness/github-fixtures.js";
import { mockGitHub, resetGitHubMock, useStrictGitHub } from "../helpers/github-mock.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { servePypiProject } from "../registry/pypi-fixtures.js";

useStrictGitHub();

let app: TestApp;
afterEach(async () => {
  await app.close();
});

describe("a pip alert, end to end with the real patcher", () => {
  it("pins the lowest fixed release in requirements.txt and opens the PR", async () => {
    app = await createTestApp({ dependencyPatcher: createDependencyPatchers({}) });
    // GitHub's example: ansible < 2.8.19 in path/to/requirements.txt, sent as an open alert.
    const payload = exampleWebhook("dependabot_alert", "fixed");
    const alert = { ...payload.alert, state: "open", fixed_at: null };
    const open = { ...payload, action: "created", alert, installation: { id: 1, node_id: "x" } };
    const [owner, repo] = payload.repository.full_name.split("/") as [string, string];
    const github = mockGitHub();
    noConfig(github, owner, repo);
    github.get(`/repos/${owner}/${repo}/dependabot/alerts/${alert.number}`).reply(200, alert);
    await app.probot.receive({ id: "pip-1", name: "dependabot_alert", payload: open } as never);
    await app.worker.runUntilIdle();
    app.clock.advance(15_000);
    resetGitHubMock();

    const base = "1".repeat(40);
    const requirements = "django==4.2.1\nansible==2.8.10  # pinned for the deploy scripts\n";
    noConfig(github, owner, repo);
    github.get(`/repos/${owner}/${repo}/branches/${payload.repository.default_branch}`).reply(200, { commit: { sha: base, commit: { tree: { sha: "2".repeat(40) } } } });
    github.get(`/repos/${owner}/${repo}/pulls`).query(true).reply(200, []);
    github.get(`/repos/${owner}/${repo}/contents/${encodeURIComponent("path/to/requirements.txt")}`).query({ ref: base }).reply(200, requirements, { "content-type": "text/plain" });
    // Every other file the patcher probes for (lockfiles next to the manifest, ...) is absent.
    github.get(/\/contents\//).query(true).reply(404, { message: "Not Found" }).persist();
    const pypi = servePypiProject("ansible", { "2.8.10": {}, "2.8.18": {}, "2.8.19": {}, "2.8.20": {}, "2.9.0": {} });
    let tree: any;
    github.post(`/repos/${owner}/${repo}/git/trees`, (body) => ((tree = body), true)).reply(201, { sha: "3".repeat(40) });
    github.post(`/repos/${owner}/${repo}/git/commits`).reply(201, { sha: "4".repeat(40) });
    github.post(`/repos/${owner}/${repo}/git/refs`).reply(201, {});
    let pull: any;
    github.post(`/repos/${owner}/${repo}/pulls`, (body) => ((pull = body), true)).reply(201, { number: 2, html_url: "https://github.com/x/y/pull/2", head: { sha: "4".repeat(40), ref: "secfix/pip/ansible-2.8.19" }, user: { login: "secfix[bot]" }, state: "open" });
    github.post(`/repos/${owner}/${repo}/issues/2/labels`).reply(200, []);
    github.post(`/repos/${owner}/${repo}/check-runs`).reply(201, { id: 1 });
    await app.worker.runUntilIdle();
    pypi.done();

    expect(tree.tree).toEqual([{ path: "path/to/requirements.txt", mode: "100644", type: "blob", content: "django==4.2.1\nansible==2.8.19  # pinned for the deploy scripts\n" }]);
    expect(pull).toMatchObject({ head: "secfix/pip/ansible-2.8.19", title: "fix(deps): bump ansible from 2.8.10 to 2.8.19 in /path/to [security]" });
    expect(pull.body).toContain("GHSA-8f4m-hccc-8qph");
  });
});
