import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, requests, useStrictGitHub } from "../helpers/github-mock.js";
import { acknowledge, codeFinding, commentEvent, config, fixAttempt, reply, seed } from "./command-fixtures.js";

useStrictGitHub();

/** Every command, written as a person would, with valid arguments. */
const COMMANDS = ["/secfix retry", "/secfix explain", "/secfix status", "/secfix approve", "/secfix dismiss false-positive not reachable", "/secfix rollback", "/secfix help"];

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await seed(app, [codeFinding()], [fixAttempt()]);
});
afterEach(async () => {
  await app.close();
});

async function nothingHappens(event: ReturnType<typeof commentEvent>): Promise<void> {
  await app.probot.receive(event as never);
  expect((await app.store.read((reader) => reader.listJobs())).filter((job) => job.kind === JOB_KINDS.runCommand)).toEqual([]);
  expect(await app.worker.runUntilIdle()).toBe(0);
  expect(requests).toEqual([]);
}

describe.each(COMMANDS)("%s", (command) => {
  it("does nothing when an existing comment is edited to say it", async () => {
    await nothingHappens(commentEvent({ body: command, action: "edited" }));
  });

  it("does nothing when it is quoted", async () => {
    await nothingHappens(commentEvent({ body: `> ${command}\n\nDid you mean this?` }));
  });

  it("does nothing when the PR's author, secfix itself, says it", async () => {
    await nothingHappens(commentEvent({ body: command, author: "secfix[bot]", authorType: "Bot", viaApp: true }));
  });

  it("on a pull request secfix did not open, is refused with where commands work (help is answered anywhere)", async () => {
    const event = commentEvent({ body: command, issueNumber: 99 });
    const github = mockGitHub();
    acknowledge(github, event.commentId);
    config(github);
    const help = command === "/secfix help";
    const answer = reply(github, event.commentId, help ? "+1" : "-1", 99);
    await app.probot.receive(event as never);
    await app.worker.runUntilIdle();
    expect(answer.body()).toContain(help ? "### secfix commands" : "This pull request is not one secfix opened.");
    const fix = await app.store.read((reader) => reader.getFixAttempt(fixAttempt().id));
    expect(fix).toEqual(fixAttempt());
  });
});
