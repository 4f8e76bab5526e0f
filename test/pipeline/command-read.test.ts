import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../../src/audit/append-audit-event.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { acknowledge, codeFinding, commentEvent, config, fixAttempt, OWNER, permission, pullDetails, REPO, reply, seed } from "./command-fixtures.js";

useStrictGitHub();

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await seed(app, [codeFinding()], [fixAttempt()]);
  await app.store.transaction(async (tx) => {
    const base = { actor: { type: "secfix" as const, login: "secfix" }, installationId: 14662836, repository: `${OWNER}/${REPO}`, subject: `fix:${fixAttempt().id}` };
    await appendAuditEvent(tx, { ...base, action: "fix.planned", details: { strategy: "recipe:sql-injection" } }, "2026-11-25T10:30:00.000Z");
    await appendAuditEvent(tx, { ...base, action: "fix.gates_evaluated", details: { outcome: "passed", headSha: "4".repeat(40) } }, "2026-11-25T11:10:00.000Z");
    await appendAuditEvent(tx, { ...base, subject: "fix:someone-else", action: "fix.planned", details: {} }, "2026-11-25T11:11:00.000Z");
  });
});
afterEach(async () => {
  await app.close();
});

async function run(body: string, author: string, level: "admin" | "write" | "read" | null, reaction: "+1" | "-1") {
  const event = commentEvent({ body, author });
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github);
  if (level !== null) {
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
    permission(github, author, level);
  }
  const answer = reply(github, event.commentId, reaction);
  await app.probot.receive(event as never);
  await app.worker.runUntilIdle();
  return answer.body();
}

describe("/secfix status", () => {
  it("answers with the fix's state, its findings with their SLA, and its own history only", async () => {
    const body = await run("/secfix status", "bob", "write", "+1");
    expect(body).toContain("**Fix** `186853002:code:7`: **awaiting approval**");
    expect(body).toContain("**Pull request:** #21 (open) · head `444444444444`");
    expect(body).toContain("Code scanning alert #7");
    expect(body).toContain("due 2026-11-27T10:00:00.000Z (46 hours left)");
    expect(body).toContain("| 2026-11-25T11:10:00.000Z | secfix | `fix.gates_evaluated` | outcome: passed, headSha: 4444444444444444444444444444444444444444 |");
    expect(body).not.toContain("someone-else");
  });

  it("answers again when asked again: reading changes nothing", async () => {
    await run("/secfix status", "bob", "write", "+1");
    const second = await run("/secfix status", "bob", "write", "+1");
    expect(second).toContain("**Fix** `186853002:code:7`");
  });

  it("refuses someone without write access", async () => {
    const body = await run("/secfix status", "reader", "read", "-1");
    expect(body).toContain("Only people with write access to this repository may run `/secfix status`");
    expect(body).not.toContain("awaiting approval");
  });
});

describe("/secfix explain", () => {
  it("posts the finding, the plan, and the recorded evidence for the head", async () => {
    const body = await run("/secfix explain", "bob", "write", "+1");
    expect(body).toContain("### Finding");
    expect(body).toContain("Triage of alert #7: High severity. Customer-facing path src/api/users.js.");
    expect(body).toContain("### Plan");
    expect(body).toContain("- Strategy: `recipe:sql-injection` on base `111111111111`");
    expect(body).toContain("### Evidence");
    expect(body).toContain("### Approval");
  });
});

describe("/secfix explain, asked by someone without write access", () => {
  it("is refused, and shows none of the evidence", async () => {
    const body = await run("/secfix explain", "reader", "read", "-1");
    expect(body).toContain("Only people with write access to this repository may run `/secfix explain`; @reader may not.");
    expect(body).not.toContain("### Plan");
  });
});

describe("/secfix help", () => {
  it("answers anyone, on any issue, with the commands and who may run them", async () => {
    const body = await run("/secfix help", "visitor", null, "+1");
    for (const name of ["retry", "explain", "status", "approve", "dismiss", "rollback", "help"]) expect(body).toContain(`/secfix ${name}`);
    expect(body).toContain("`appsec`");
    expect(body).not.toContain("@appsec");
  });
});

describe("a command run that fails after replying", () => {
  it("does not reply twice when the job runs again", async () => {
    const event = commentEvent({ body: "/secfix status", author: "bob" });
    let github = mockGitHub();
    acknowledge(github, event.commentId);
    config(github);
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
    permission(github, "bob", "write");
    let replyBody = "";
    github.post(`/repos/${OWNER}/${REPO}/issues/21/comments`, (sent: { body: string }) => ((replyBody = sent.body), true)).reply(201, { id: 77, html_url: "u" });
    github.post(`/repos/${OWNER}/${REPO}/issues/comments/${event.commentId}/reactions`, { content: "+1" }).reply(502, { message: "Bad Gateway" });
    await app.probot.receive(event as never);
    await app.worker.runUntilIdle();
    const [job] = (await app.store.read((reader) => reader.listJobs("queued"))).filter((j) => j.kind === "command.run");
    expect(job).toMatchObject({ attempts: 1 });

    app.clock.set(job!.runAt);
    github = mockGitHub();
    github
      .get(`/repos/${OWNER}/${REPO}/issues/21/comments`)
      .query(true)
      .reply(200, [{ id: 77, body: replyBody, user: { login: "secfix[bot]", type: "Bot" } }]);
    await app.worker.runUntilIdle();
    expect((await app.store.read((reader) => reader.getJob(job!.id)))!.state).toBe("done");
  });
});

describe("a command whose permission check GitHub refuses", () => {
  it("replies that it could not finish instead of going quiet", async () => {
    const event = commentEvent({ body: "/secfix status", author: "bob" });
    const github = mockGitHub();
    acknowledge(github, event.commentId);
    config(github);
    github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
    github.get(`/repos/${OWNER}/${REPO}/collaborators/bob/permission`).reply(403, { message: "Resource not accessible by integration" });
    const answer = reply(github, event.commentId, "confused");
    await app.probot.receive(event as never);
    await app.worker.runUntilIdle();
    expect(answer.body()).toContain("> `/secfix status` from @bob");
    expect(answer.body()).toContain("⚠️ **Could not finish.**");
    expect(answer.body()).toContain("check that the app is installed with the permissions in app.yml");
    const [job] = (await app.store.read((reader) => reader.listJobs())).filter((j) => j.kind === "command.run");
    expect(job!.state).toBe("done");
  });
});
