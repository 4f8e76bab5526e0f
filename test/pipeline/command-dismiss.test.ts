import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
  teamMember,
  type Scope,
} from "./command-fixtures.js";

useStrictGitHub();

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

const attempt = (id = fixAttempt().id) => app.store.read((reader) => reader.getFixAttempt(id));

async function run(event: ReturnType<typeof commentEvent>, setup: (github: Scope) => void, reaction: "+1" | "-1" | "confused", yaml?: string) {
  const github = mockGitHub();
  acknowledge(github, event.commentId);
  config(github, yaml);
  github.get(`/repos/${OWNER}/${REPO}/pulls/21`).reply(200, pullDetails());
  setup(github);
  const answer = reply(github, event.commentId, reaction);
  await app.probot.receive(event as never);
  await app.worker.runUntilIdle();
  return answer.body();
}

describe("/secfix dismiss", () => {
  it("dismisses the code-scanning alert with GitHub's reason, keeps the comment, and closes the fix PR", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    let dismissal: Record<string, unknown> | undefined;
    const body = await run(
      commentEvent({ body: "/secfix dismiss used-in-tests only the fixture server builds this query", author: "sam" }),
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/code-scanning/alerts/7`, (sent) => ((dismissal = sent), true)).reply(200, { number: 7, state: "dismissed" });
        github.patch(`/repos/${OWNER}/${REPO}/pulls/21`, { state: "closed" }).reply(200, {});
      },
      "+1",
    );

    expect(dismissal).toEqual({
      state: "dismissed",
      dismissed_reason: "used in tests",
      dismissed_comment: "Dismissed by sam with /secfix dismiss: only the fixture server builds this query",
    });
    expect(body).toContain("✅ **Done.** Dismissed alert #7 on GitHub as `used-in-tests` and closed this fix pull request.");
    expect(await attempt()).toMatchObject({ state: "dismissed", pullRequest: { state: "closed" }, reason: "dismissed by sam: used-in-tests" });
    const events = await app.store.read((reader) => reader.listAuditEvents({ subjects: [`fix:${fixAttempt().id}`] }));
    expect(events.find((e) => e.action === "finding.dismissed")?.details).toMatchObject({ by: "sam", reason: "used-in-tests", comment: "only the fixture server builds this query", alerts: [7] });
  });

  it("maps the reason to Dependabot's vocabulary for a dependency fix", async () => {
    const finding = dependencyFinding();
    const id = `${REPOSITORY.id}:npm:.:lodash`;
    await seed(app, [finding], [fixAttempt({ id, planKey: "npm:.:lodash", findingIds: [finding.id], approval: null, state: "gate_failed" })]);
    let dismissal: Record<string, unknown> | undefined;
    await run(
      commentEvent({ body: "/secfix dismiss false-positive", author: "sam" }),
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/dependabot/alerts/3`, (sent) => ((dismissal = sent), true)).reply(200, { number: 3, state: "dismissed" });
        github.patch(`/repos/${OWNER}/${REPO}/pulls/21`, { state: "closed" }).reply(200, {});
      },
      "+1",
    );
    expect(dismissal).toMatchObject({ state: "dismissed", dismissed_reason: "inaccurate" });
    expect((await attempt(id))!.state).toBe("dismissed");
  });

  it("refuses a writer outside the security team and leaves the alert open", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    const body = await run(commentEvent({ body: "/secfix dismiss wont-fix", author: "bob" }), (github) => teamMember(github, "appsec", "bob", false), "-1");
    expect(body).toContain("⛔ **Refused.** Only members of `appsec` may run `/secfix dismiss`; @bob may not.");
    expect((await attempt())!.state).toBe("awaiting_approval");
  });

  it("needs admin access when no security team is configured", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    const body = await run(commentEvent({ body: "/secfix dismiss wont-fix", author: "bob" }), (github) => permission(github, "bob", "write"), "-1", "sla:\n  critical: 24h\n");
    expect(body).toContain("Only repository admins (no security team is configured in `approvers.security`) may run `/secfix dismiss`");
  });

  it("says which alert GitHub refused and keeps the PR open", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    const body = await run(
      commentEvent({ body: "/secfix dismiss wont-fix", author: "sam" }),
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/code-scanning/alerts/7`).reply(403, { message: "Resource not accessible by integration" });
      },
      "confused",
    );
    expect(body).toContain("⚠️ **Could not finish.** GitHub refused to dismiss the alerts; nothing changed.");
    expect(body).toContain("Resource not accessible by integration");
    expect((await attempt())!.state).toBe("awaiting_approval");
  });

  it("does one thing when the same dismissal is repeated on the same head", async () => {
    await seed(app, [codeFinding()], [fixAttempt()]);
    const first = commentEvent({ body: "/secfix dismiss wont-fix", author: "sam" });
    await run(
      first,
      (github) => {
        teamMember(github, "appsec", "sam", true);
        github.patch(`/repos/${OWNER}/${REPO}/code-scanning/alerts/7`).reply(200, { number: 7, state: "dismissed" });
        github.patch(`/repos/${OWNER}/${REPO}/pulls/21`, { state: "closed" }).reply(200, {});
      },
      "+1",
    );
    const body = await run(commentEvent({ body: "/secfix dismiss wont-fix", author: "sam" }), (github) => teamMember(github, "appsec", "sam", true), "+1");
    expect(body).toContain("**Already done.**");
    expect(body).toContain(`issuecomment-${first.commentId}`);
  });
});
