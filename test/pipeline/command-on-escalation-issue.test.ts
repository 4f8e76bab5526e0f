import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { acknowledge, codeFinding, commentEvent, config, fixAttempt, OWNER, permission, REPO, reply, seed, teamMember } from "./command-fixtures.js";

useStrictGitHub();

const ISSUE = 40;
const escalated = () =>
  codeFinding({ sla: { dueAt: "2026-11-27T10:00:00.000Z", notified: [50, 75, 100], atRiskPulls: [], escalation: { issueNumber: ISSUE, url: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}` } } });

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ skipJobKinds: [JOB_KINDS.fixCode] });
  await seed(app, [escalated()], []);
});
afterEach(async () => {
  await app.close();
});

async function run(body: string, author: string, setup: (github: ReturnType<typeof mockGitHub>) => void, reaction: "+1" | "-1", issueNumber = ISSUE) {
  const event = commentEvent({ body, author, isPull: false, issueNumber });
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github);
  setup(github);
  const answer = reply(github, event.commentId, reaction, issueNumber);
  await app.probot.receive(event as never);
  await app.worker.runUntilIdle();
  return answer.body();
}

describe("commands on secfix's SLA escalation issue", () => {
  it("answers status for a finding that has no fix yet", async () => {
    const body = await run("/secfix status", "bob", (github) => permission(github, "bob", "write"), "+1");
    expect(body).toContain("**Fix:** none yet");
    expect(body).toContain("Code scanning alert #7");
  });

  it("retries a finding with no fix: a fresh code fix pass is queued", async () => {
    const body = await run("/secfix retry", "bob", (github) => permission(github, "bob", "write"), "+1");
    expect(body).toContain("✅ **Done.**");
    const jobs = await app.store.read((reader) => reader.listJobs("queued"));
    expect(jobs.find((job) => job.kind === JOB_KINDS.fixCode)?.payload).toMatchObject({ findingId: escalated().id, retry: { by: "bob", strategy: null } });
  });

  it("dismisses the alert from the issue, for a member of the security team", async () => {
    const body = await run(
      "/secfix dismiss tolerable-risk internal tool, not reachable from outside",
      "sam",
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/code-scanning/alerts/7`, { state: "dismissed", dismissed_reason: "won't fix", dismissed_comment: "Dismissed by sam with /secfix dismiss: internal tool, not reachable from outside" }).reply(200, {});
      },
      "+1",
    );
    expect(body).toContain("Dismissed alert #7 on GitHub as `tolerable-risk`.");
  });

  it("refuses a command on an issue secfix did not open", async () => {
    const body = await run("/secfix status", "bob", () => {}, "-1", 41);
    expect(body).toContain("This issue is not one secfix opened.");
  });
});

describe("a repeated command on the escalation issue", () => {
  it("is done once while nothing moved, and may be asked again once the fix moved on", async () => {
    await run("/secfix retry", "bob", (github) => permission(github, "bob", "write"), "+1");
    const again = await run("/secfix retry", "bob", (github) => permission(github, "bob", "write"), "+1");
    expect(again).toContain("**Already done.** `/secfix retry` was already run for this fix as it stands");

    // The fix pass ran meanwhile and recorded an attempt that found no fix: a retry is new again.
    await app.store.transaction((tx) =>
      tx.saveFixAttempt({ ...fixAttempt({ state: "no_fix", pullRequest: null, approval: null, gates: null }), updatedAt: "2026-11-25T12:30:00.000Z" }),
    );
    const third = await run("/secfix retry", "bob", (github) => permission(github, "bob", "write"), "+1");
    expect(third).toContain("✅ **Done.**");
  });
});

describe("/secfix dismiss on the escalation issue of one alert in a grouped fix", () => {
  it("dismisses that alert only and leaves the fix and its PR to the other alert", async () => {
    const other = codeFinding({ id: `${escalated().repository.id}:code_scanning:8`, alert: { ...escalated().alert, alertNumber: 8 } });
    const group = fixAttempt({ findingIds: [escalated().id, other.id] });
    await seed(app, [other], [group]);
    const body = await run(
      "/secfix dismiss wont-fix",
      "sam",
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/code-scanning/alerts/7`).reply(200, {});
      },
      "+1",
    );
    expect(body).toContain("Dismissed alert #7 on GitHub as `wont-fix`.");
    expect(body).not.toContain("closed this fix pull request");
    expect(await app.store.read((reader) => reader.getFixAttempt(group.id))).toEqual(group);
  });
});
