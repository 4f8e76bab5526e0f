import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "./harness/create-test-app.js";
import { mockGitHub, requests, useStrictGitHub } from "./helpers/github-mock.js";
import { acknowledge, codeFinding, commentEvent, config, fixAttempt, OWNER, pullDetails, REPO, reply, seed } from "./pipeline/command-fixtures.js";

useStrictGitHub();

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await seed(app, [codeFinding()], [fixAttempt()]);
});
afterEach(async () => {
  await app.close();
});

async function queuedCommands() {
  return (await app.store.read((reader) => reader.listJobs())).filter((job) => job.kind === JOB_KINDS.runCommand);
}

// Edited comments, quotes, secfix's own comments and PRs secfix did not open: per command, in test/pipeline/command-matrix.test.ts.
describe("issue_comment webhooks", () => {
  it.each([
    ["a deleted comment", { action: "deleted" as const, body: "/secfix approve" }],
    ["a command inside a code block", { body: "Try this:\n```\n/secfix retry\n```" }],
    ["a command hidden in an HTML comment", { body: "Thanks!\n<!--\n/secfix approve\n-->" }],
    ["a mention mid-sentence", { body: "I think /secfix approve would be wrong here" }],
    ["another bot's comment", { body: "/secfix approve", author: "renovate[bot]", authorType: "Bot" as const }],
    ["a comment made through a GitHub App for a person", { body: "/secfix approve", viaApp: true }],
  ])("ignores %s: no job, no request to GitHub", async (_name, input) => {
    const event = commentEvent(input);
    await app.probot.receive(event as never);
    expect(await queuedCommands()).toEqual([]);
    expect(await app.worker.runUntilIdle()).toBe(0);
    expect(requests).toEqual([]);
  });

  it("queues one job per comment, however often GitHub delivers it", async () => {
    const event = commentEvent({ body: "/secfix status" });
    await app.probot.receive(event as never);
    await app.probot.receive(event as never);
    await app.probot.receive({ ...event, id: "redelivered-with-a-new-id" } as never);
    const jobs = await queuedCommands();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ issueNumber: 21, isPull: true, comment: { id: event.commentId, author: "alice" }, parsed: { kind: "command", line: "/secfix status" } });
  });

  it("answers a malformed command with what is wrong, so it never silently does nothing", async () => {
    const event = commentEvent({ body: "/secfix retry everything" });
    const github = mockGitHub();
    acknowledge(github, event.commentId);
    const answer = reply(github, event.commentId, "confused");
    await app.probot.receive(event as never);
    expect(await app.worker.runUntilIdle()).toBe(1);
    expect(answer.body()).toContain("❓ **Not understood.**");
    expect(answer.body()).toContain("recipe");
    expect(answer.body()).toContain("`/secfix help`");
  });

  it("refuses a command on a PR recorded as secfix's when GitHub says someone else opened it", async () => {
    const event = commentEvent({ body: "/secfix retry" });
    const github = mockGitHub();
    acknowledge(github, event.commentId);
    config(github);
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails(undefined, { user: { login: "secfix", id: 1, type: "User" } }));
    const answer = reply(github, event.commentId, "-1");
    await app.probot.receive(event as never);
    await app.worker.runUntilIdle();
    expect(answer.body()).toContain("not one secfix opened");
  });
});
