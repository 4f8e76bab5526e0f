import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";
import { mockGitHub, requests, useStrictGitHub } from "../helpers/github-mock.js";
import {
  acknowledge,
  BRANCH,
  codeFinding,
  commentEvent,
  config,
  fixAttempt,
  HEAD,
  NEWER_HEAD,
  OWNER,
  pullDetails,
  REPO,
  reply,
  seed,
  teamMember,
  type Scope,
} from "./command-fixtures.js";

useStrictGitHub();

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await seed(app, [codeFinding()], [fixAttempt()]);
});
afterEach(async () => {
  await app.close();
});

const attempt = () => app.store.read((reader) => reader.getFixAttempt(fixAttempt().id));

/** The branch's push log: secfix created the branch, then `pusher` pushed `sha` at `at` (before the comments, by default). */
function pushedBeforeComment(github: Scope, sha = HEAD, at = "2026-11-25T11:00:00Z", pusher = "secfix[bot]") {
  const actor = (login: string) => ({ login, id: login.length, type: login.endsWith("[bot]") ? "Bot" : "User" });
  github
    .get(`/repos/${OWNER}/${REPO}/activity`)
    .query({ ref: `refs/heads/${BRANCH}`, direction: "desc", per_page: "100" })
    .reply(200, [
      { id: 2, node_id: "A2", before: "3".repeat(40), after: sha, ref: `refs/heads/${BRANCH}`, timestamp: at, activity_type: "push", actor: actor(pusher) },
      { id: 1, node_id: "A1", before: "0".repeat(40), after: "3".repeat(40), ref: `refs/heads/${BRANCH}`, timestamp: "2026-11-25T10:30:00Z", activity_type: "branch_creation", actor: actor("secfix[bot]") },
    ]);
}

function commits(github: Scope, authors: string[] = ["secfix[bot]"]) {
  github
    .get(`/repos/${OWNER}/${REPO}/compare/master...${HEAD}`)
    .query(true)
    .reply(200, {
      ahead_by: authors.length,
      behind_by: 0,
      merge_base_commit: { sha: "1".repeat(40) },
      files: [{ filename: "src/api/users.js", status: "modified" }],
      commits: authors.map((login, index) => ({ sha: `${index}`.repeat(40), author: { login, type: login.endsWith("[bot]") ? "Bot" : "User" }, committer: { login: "web-flow", type: "User" } })),
    });
}

/** What every approve run reads before deciding: the 👀, the config and the PR at `head`. */
function start(event: ReturnType<typeof commentEvent>, head = HEAD): Scope {
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github);
  github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails(head));
  return github;
}

/** What an approve run reads up to its authority checks: the PR, its push log (HEAD pushed before the comment), its commits. */
function readsToDecide(event: ReturnType<typeof commentEvent>): Scope {
  const github = start(event);
  pushedBeforeComment(github);
  commits(github);
  return github;
}

async function comment(event: ReturnType<typeof commentEvent>) {
  await app.probot.receive(event as never);
  return app.worker.runUntilIdle();
}

describe("/secfix approve", () => {
  it("records an approval bound to the head the comment saw, by a member of the approver team, and wakes the gate pass", async () => {
    const event = commentEvent({ body: "Looks right to me.\n\n/secfix approve", author: "alice" });
    const github = readsToDecide(event);
    teamMember(github, "appsec", "alice", false);
    teamMember(github, "api-owners", "alice", true);
    const answer = reply(github, event.commentId, "+1");

    expect(await comment(event)).toBe(1);

    expect(answer.body()).toContain("✅ **Done.** Approved `444444444444` for: customer-facing.");
    expect(answer.body()).toContain("from @alice");
    const saved = await attempt();
    expect(saved!.approval!.commandGrants).toEqual([{ by: "alice", sha: HEAD, reviewId: event.commentId, reasons: ["customer_facing"], at: app.clock().toISOString(), via: "command" }]);
    const jobs = await app.store.read((reader) => reader.listJobs("queued"));
    expect(jobs.map((job) => job.kind)).toContain(JOB_KINDS.gateFix);
    const events = await app.store.read((reader) => reader.listAuditEvents({ subjects: [`fix:${fixAttempt().id}`] }));
    expect(events.map((e) => [e.action, e.actor.login])).toEqual([
      ["command.accepted", "alice"],
      ["fix.approval_granted", "alice"],
      ["command.done", "alice"],
    ]);
  });

  it("refuses someone outside the approver and security teams, says who may, and records nothing", async () => {
    const event = commentEvent({ body: "/secfix approve", author: "mallory" });
    const github = readsToDecide(event);
    teamMember(github, "appsec", "mallory", false);
    teamMember(github, "api-owners", "mallory", false);
    const answer = reply(github, event.commentId, "-1");

    await comment(event);

    expect(answer.body()).toContain("⛔ **Refused.** Only members of `api-owners` or `appsec` may approve this fix.");
    expect((await attempt())!.approval!.commandGrants).toBeUndefined();
    expect((await app.store.read((reader) => reader.listJobs("queued"))).map((job) => job.kind)).not.toContain(JOB_KINDS.gateFix);
  });

  it("refuses a person whose commits are in the pull request, even a team member", async () => {
    const event = commentEvent({ body: "/secfix approve", author: "carol" });
    const github = start(event);
    pushedBeforeComment(github);
    commits(github, ["secfix[bot]", "Carol"]);
    const answer = reply(github, event.commentId, "-1");

    await comment(event);

    expect(answer.body()).toContain("@carol pushed or wrote commits in this pull request");
    expect((await attempt())!.approval!.commandGrants).toBeUndefined();
  });

  it("refuses when the head moved after the comment: the new commits were not seen", async () => {
    const event = commentEvent({ body: "/secfix approve", author: "alice" });
    const github = start(event, NEWER_HEAD);
    pushedBeforeComment(github, HEAD);
    const answer = reply(github, event.commentId, "-1");

    await comment(event);

    expect(answer.body()).toContain("The head moved after your comment (`444444444444` → `555555555555`)");
    expect((await attempt())!.approval!.commandGrants).toBeUndefined();
  });

  it("binds to a SHA the commenter names, even one pushed in the same second as the comment", async () => {
    const event = commentEvent({ body: "/secfix approve 444444444444", author: "alice" });
    const github = start(event);
    pushedBeforeComment(github, HEAD, "2026-11-25T12:00:00Z");
    commits(github);
    teamMember(github, "appsec", "alice", true);
    const answer = reply(github, event.commentId, "+1");

    await comment(event);

    expect(answer.body()).toContain("Approved `444444444444`");
  });

  it("refuses a head pushed in the same second as the comment: it may not have been seen", async () => {
    const event = commentEvent({ body: "/secfix approve", author: "alice" });
    const github = start(event);
    pushedBeforeComment(github, HEAD, "2026-11-25T12:00:00Z");
    const answer = reply(github, event.commentId, "-1");

    await comment(event);

    expect(answer.body()).toContain("The head moved after your comment (`333333333333` → `444444444444`)");
  });

  it("refuses someone GitHub's push log shows pushing to the branch, whatever author their commits claim", async () => {
    const event = commentEvent({ body: "/secfix approve", author: "mallory" });
    const github = start(event);
    pushedBeforeComment(github, HEAD, "2026-11-25T11:00:00Z", "mallory");
    commits(github);
    const answer = reply(github, event.commentId, "-1");

    await comment(event);

    expect(answer.body()).toContain("@mallory pushed or wrote commits in this pull request");
    expect((await attempt())!.approval!.commandGrants).toBeUndefined();
  });

  it("does one thing when the same approval is asked twice on the same head", async () => {
    const first = commentEvent({ body: "/secfix approve", author: "alice" });
    let github = readsToDecide(first);
    teamMember(github, "appsec", "alice", false);
    teamMember(github, "api-owners", "alice", true);
    reply(github, first.commentId, "+1");
    await comment(first);

    const second = commentEvent({ body: "/secfix approve", author: "alice" });
    github = start(second);
    const answer = reply(github, second.commentId, "+1");
    await comment(second);

    expect(answer.body()).toContain("↩️ **Already done.** `/secfix approve` was already run for head `444444444444`");
    expect(answer.body()).toContain(`issuecomment-${first.commentId}`);
    expect((await attempt())!.approval!.commandGrants).toHaveLength(1);

    // Someone else asking adds nothing either: every approval the head needs is given.
    const third = commentEvent({ body: "/secfix approve", author: "dave" });
    github = start(third);
    pushedBeforeComment(github);
    const thirdAnswer = reply(github, third.commentId, "+1");
    await comment(third);
    expect(thirdAnswer.body()).toContain("↩️ **Already done.** Every approval this fix needs is already given for `444444444444`.");
    expect((await attempt())!.approval!.commandGrants).toHaveLength(1);
  });

  it("lets a second approver approve the same head for the requirement the first could not meet", async () => {
    await app.store.transaction(async (tx) => {
      const attempt = fixAttempt();
      await tx.saveFixAttempt({
        ...attempt,
        approval: { ...attempt.approval!, requirements: [...attempt.approval!.requirements, { reason: "high_risk", teams: ["risk-owners"], detail: "high risk: 40 importers" }] },
      });
    });
    const first = commentEvent({ body: "/secfix approve", author: "alice" });
    let github = readsToDecide(first);
    teamMember(github, "appsec", "alice", false);
    teamMember(github, "api-owners", "alice", true);
    teamMember(github, "risk-owners", "alice", false);
    const firstAnswer = reply(github, first.commentId, "+1");
    await comment(first);
    expect(firstAnswer.body()).toContain("Still waiting for: high-risk (from members of `risk-owners`)");

    const second = commentEvent({ body: "/secfix approve", author: "bob" });
    github = readsToDecide(second);
    teamMember(github, "appsec", "bob", false);
    teamMember(github, "risk-owners", "bob", true);
    const secondAnswer = reply(github, second.commentId, "+1");
    await comment(second);

    expect(secondAnswer.body()).toContain("Approved `444444444444` for: high-risk.");
    expect((await attempt())!.approval!.commandGrants!.map((grant) => [grant.by, grant.reasons])).toEqual([
      ["alice", ["customer_facing"]],
      ["bob", ["high_risk"]],
    ]);
  });

  it("replies that it failed when GitHub will not say who is in the team, and a later approval still works", async () => {
    const first = commentEvent({ body: "/secfix approve", author: "alice" });
    let github = readsToDecide(first);
    github.get(`/orgs/${OWNER}/teams/appsec/memberships/alice`).reply(403, { message: "Resource not accessible by integration" });
    const failed = reply(github, first.commentId, "confused");
    await comment(first);
    expect(failed.body()).toContain("⚠️ **Could not finish.** secfix could not finish this command.");
    expect(failed.body()).toContain("Resource not accessible by integration");

    const second = commentEvent({ body: "/secfix approve", author: "alice" });
    github = readsToDecide(second);
    teamMember(github, "appsec", "alice", true);
    const answer = reply(github, second.commentId, "+1");
    await comment(second);
    expect(answer.body()).toContain("Approved `444444444444`");
  });
});
