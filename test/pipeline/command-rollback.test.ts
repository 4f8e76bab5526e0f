import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { acknowledge, codeFinding, commentEvent, config, fixAttempt, OWNER, permission, pullDetails, REPO, reply, seed, type Scope } from "./command-fixtures.js";

useStrictGitHub();

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

const merged = () => fixAttempt({ state: "deploying", pullRequest: { ...fixAttempt().pullRequest!, state: "merged" } });
const attempt = () => app.store.read((reader) => reader.getFixAttempt(fixAttempt().id));

async function run(author: string, level: "admin" | "write" | "read", reaction: "+1" | "-1" | "confused", setup: (github: Scope) => void = () => {}, pull = pullDetails(undefined, { state: "closed", merged: true })) {
  const event = commentEvent({ body: "/secfix rollback", author });
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github);
  github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pull);
  permission(github, author, level);
  setup(github);
  const answer = reply(github, event.commentId, reaction);
  await app.probot.receive(event as never);
  await app.worker.runUntilIdle();
  return { body: answer.body(), event };
}

/** The open pull requests: no revert of #21 yet, unless `earlier` says secfix opened one. */
function openPulls(github: Scope, earlier: unknown[] = []) {
  github.get(`/repos/${OWNER}/${REPO}/pulls`).query({ state: "open", per_page: "100" }).reply(200, earlier);
}

function revert(github: Scope, capture: (variables: Record<string, unknown>) => void) {
  openPulls(github);
  github
    .post("/graphql", (sent: { query: string; variables: Record<string, unknown> }) => {
      if (!sent.query.includes("revertPullRequest")) return false;
      capture(sent.variables);
      return true;
    })
    .reply(200, { data: { revertPullRequest: { revertPullRequest: { number: 30, url: `https://github.com/${OWNER}/${REPO}/pull/30` } } } });
}

describe("/secfix rollback", () => {
  it("opens GitHub's revert of the merged fix and records the fix as rolled back", async () => {
    await seed(app, [codeFinding()], [merged()]);
    let variables: Record<string, unknown> = {};
    const { body } = await run("bob", "write", "+1", (github) => revert(github, (v) => (variables = v)));

    expect(variables).toMatchObject({ pullRequestId: "PR_kwDOFBn0Fs5xyz", title: "Revert secfix fix #21" });
    expect(String(variables.body)).toContain("as @bob asked with `/secfix rollback`");
    expect(body).toContain(`✅ **Done.** Opened the revert: [#30](https://github.com/${OWNER}/${REPO}/pull/30).`);
    expect(await attempt()).toMatchObject({ state: "rolled_back", rollback: { pullNumber: 30, by: "bob" } });
  });

  it("rolls back a fix GitHub merged before secfix heard of the merge", async () => {
    await seed(app, [codeFinding()], [fixAttempt({ state: "merging" })]);
    await run("bob", "write", "+1", (github) => revert(github, () => {}));
    expect(await attempt()).toMatchObject({ state: "rolled_back", rollback: { pullNumber: 30 } });
  });

  it("takes up the revert a run opened but never recorded, instead of opening a second", async () => {
    await seed(app, [codeFinding()], [merged()]);
    const earlier = { ...pullDetails(undefined, { number: 30, title: "Revert secfix fix #21", html_url: `https://github.com/${OWNER}/${REPO}/pull/30` }), head: { sha: "7".repeat(40), ref: "revert-21-secfix" } };
    const { body } = await run("bob", "write", "+1", (github) => openPulls(github, [earlier]));
    expect(body).toContain(`Opened the revert: [#30](https://github.com/${OWNER}/${REPO}/pull/30)`);
    expect(await attempt()).toMatchObject({ state: "rolled_back", rollback: { pullNumber: 30 } });
  });

  it("refuses someone with read access", async () => {
    await seed(app, [codeFinding()], [merged()]);
    const { body } = await run("reader", "read", "-1");
    expect(body).toContain("Only people with write access to this repository may run `/secfix rollback`");
    expect((await attempt())!.state).toBe("deploying");
  });

  it("refuses a fix that was never merged", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    const { body } = await run("bob", "write", "-1", () => {}, pullDetails());
    expect(body).toContain("This fix was not merged, so there is nothing to revert.");
  });

  it("opens one revert however often it is asked", async () => {
    await seed(app, [codeFinding()], [merged()]);
    await run("bob", "write", "+1", (github) => revert(github, () => {}));
    const { body } = await run("dave", "admin", "+1");
    expect(body).toContain("**Already done.**");
  });

  it("tells the commenter what GitHub said when it will not revert", async () => {
    await seed(app, [codeFinding()], [merged()]);
    const { body } = await run("bob", "write", "confused", (github) => {
      openPulls(github);
      github.post("/graphql").reply(200, { data: { revertPullRequest: null }, errors: [{ type: "UNPROCESSABLE", message: "Pull request could not be reverted: merge conflict" }] });
    });
    expect(body).toContain("⚠️ **Could not finish.** GitHub would not open the revert.");
    expect(body).toContain("merge conflict");
    expect((await attempt())!.rollback).toBeUndefined();
  });
});
