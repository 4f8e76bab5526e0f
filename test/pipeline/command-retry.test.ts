import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import {
  acknowledge,
  codeFinding,
  commentEvent,
  config,
  dependencyFinding,
  fixAttempt,
  OWNER,
  permission,
  pullDetails,
  REPO,
  REPOSITORY,
  reply,
  seed,
} from "./command-fixtures.js";

useStrictGitHub();

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const failed = () => fixAttempt({ state: "gate_failed", approval: null, reason: "gate ci failed" });
const attempt = () => app.store.read((reader) => reader.getFixAttempt(fixAttempt().id));
const queued = () => app.store.read((reader) => reader.listJobs("queued"));

async function run(body: string, author: string, level: "admin" | "write" | "read" | "none", reaction: "+1" | "-1", yaml?: string) {
  const event = commentEvent({ body, author });
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github, yaml);
  github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
  permission(github, author, level);
  const answer = reply(github, event.commentId, reaction);
  await app.probot.receive(event as never);
  await app.worker.runUntilIdle();
  return { body: answer.body(), event };
}

describe("/secfix retry", () => {
  beforeEach(async () => {
    app = await createTestApp({ skipJobKinds: [JOB_KINDS.fixCode, JOB_KINDS.fixDependencies, JOB_KINDS.gateFix] });
  });

  it("puts a failed fix back to planned and queues a fresh pass at once, forcing the strategy asked for", async () => {
    await seed(app, [codeFinding()], [failed()]);
    const { body } = await run("/secfix retry recipe", "bob", "write", "+1");

    expect(body).toContain("✅ **Done.** Re-planning the fix from the current `master`");
    expect(body).toContain("with the `recipe` strategy only");
    expect(await attempt()).toMatchObject({ state: "planned", reason: null });
    const job = (await queued()).find((j) => j.kind === JOB_KINDS.fixCode);
    expect(job).toMatchObject({ key: `fix.code:${codeFinding().id}:retry`, runAt: app.clock().toISOString() });
    expect(job!.payload).toMatchObject({ findingId: codeFinding().id, retry: { by: "bob", strategy: "recipe" } });
  });

  it("refuses someone with read access, names who may, and changes nothing", async () => {
    await seed(app, [codeFinding()], [failed()]);
    const { body } = await run("/secfix retry", "reader", "read", "-1");

    expect(body).toContain("⛔ **Refused.** Only people with write access to this repository may run `/secfix retry`; @reader may not.");
    expect((await attempt())!.state).toBe("gate_failed");
    expect((await queued()).some((j) => j.kind === JOB_KINDS.fixCode)).toBe(false);
  });

  it("lets someone with commits in the PR retry it: retrying is not approving", async () => {
    await seed(app, [codeFinding()], [failed()]);
    const { body } = await run("/secfix retry", "carol", "write", "+1");
    expect(body).toContain("✅ **Done.**");
  });

  it("does one thing when retry is asked twice on the same head", async () => {
    await seed(app, [codeFinding()], [failed()]);
    const first = await run("/secfix retry", "bob", "write", "+1");
    const event = commentEvent({ body: "/secfix retry", author: "dave" });
    const github = mockGitHub();
    acknowledge(github, event.commentId);
    config(github);
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
    permission(github, "dave", "admin");
    const answer = reply(github, event.commentId, "+1");
    await app.probot.receive(event as never);
    await app.worker.runUntilIdle();

    expect(answer.body()).toContain("**Already done.** `/secfix retry` was already run for head `444444444444`");
    expect(answer.body()).toContain(`issuecomment-${first.event.commentId}`);
    expect((await queued()).filter((j) => j.kind === JOB_KINDS.fixCode)).toHaveLength(1);
  });

  it("refuses a forced strategy on a dependency fix, which has only the version bump", async () => {
    const finding = dependencyFinding();
    await seed(app, [finding], [fixAttempt({ id: `${REPOSITORY.id}:npm:.:lodash`, planKey: "npm:.:lodash", findingIds: [finding.id], state: "gate_failed", approval: null })]);
    const { body } = await run("/secfix retry llm", "bob", "write", "-1");
    expect(body).toContain("Dependency fixes have one strategy");
  });

  it("queues a forced dependency pass for that one plan", async () => {
    const finding = dependencyFinding();
    const id = `${REPOSITORY.id}:npm:.:lodash`;
    await seed(app, [finding], [fixAttempt({ id, planKey: "npm:.:lodash", findingIds: [finding.id], state: "gate_failed", approval: null })]);
    await run("/secfix retry", "bob", "write", "+1");
    const job = (await queued()).find((j) => j.kind === JOB_KINDS.fixDependencies);
    expect(job!.payload).toMatchObject({ retry: { by: "bob", attemptIds: [id] } });
  });

  it("starts again on a branch of its own when a person took the branch over, and leaves their PR alone", async () => {
    await seed(app, [codeFinding()], [fixAttempt({ state: "no_fix", branchForeign: true, reason: "someone else pushed to the branch" })]);
    const { body } = await run("/secfix retry", "bob", "write", "+1");
    expect(body).toContain("Someone else pushed to this fix's branch, so secfix starts the fix again from the current `master` on a branch of its own. #21 stays as it is");
    expect(await attempt()).toMatchObject({ state: "planned", branchForeign: false, pullRequest: null, restarts: 1, approval: null, gates: null });
    expect((await queued()).some((j) => j.kind === JOB_KINDS.fixCode)).toBe(true);
  });

  it("refuses a forced AI strategy where AI is off", async () => {
    await seed(app, [codeFinding()], [failed()]);
    const { body } = await run("/secfix retry llm", "bob", "write", "-1");
    expect(body).toContain("AI fixes are off");
  });
});
