import { describe, expect, it } from "vitest";
import { createEscalationIssue, escalationMarker, findEscalationIssue, getEscalationIssue } from "../../src/github/escalation-issue.js";
import { mockGitHub, requests, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const FINDING = "1296269:dependabot:3";

function issue(number: number, overrides: Record<string, unknown> = {}) {
  return {
    number,
    html_url: `https://github.com/acme/api/issues/${number}`,
    state: "open",
    title: "SLA breached: Prototype Pollution in lodash (Dependabot alert #3)",
    body: `${escalationMarker(FINDING)}\n## SLA breached`,
    user: { login: "secfix[bot]", type: "Bot" },
    assignees: [],
    labels: [{ name: "sla:breached" }],
    ...overrides,
  };
}

describe("findEscalationIssue", () => {
  it("reads the recorded issue", async () => {
    mockGitHub().get("/repos/acme/api/issues/42").reply(200, issue(42, { state: "closed", assignees: [{ login: "alice" }] }));
    const found = await findEscalationIssue(await installationOctokit(), repo, { issueNumber: 42, findingId: FINDING, botLogin: "secfix[bot]" });
    expect(found).toMatchObject({ number: 42, state: "closed", assignees: ["alice"], labels: ["sla:breached"] });
  });

  it("finds an issue secfix opened but never recorded by its marker, passing over PRs and people's issues", async () => {
    mockGitHub()
      .get("/repos/acme/api/issues")
      .query({ creator: "secfix[bot]", state: "open", per_page: "100" })
      .reply(200, [
        issue(5, { pull_request: { url: "https://api.github.com/repos/acme/api/pulls/5" } }),
        issue(6, { user: { login: "mallory", type: "User" } }),
        issue(8, { body: escalationMarker("1296269:dependabot:4") }),
        issue(9),
      ]);
    const found = await findEscalationIssue(await installationOctokit(), repo, { issueNumber: null, findingId: FINDING, botLogin: "secfix[bot]" });
    expect(found?.number).toBe(9);
  });

  it("looks for the marker when the recorded issue was deleted, and finds none", async () => {
    mockGitHub()
      .get("/repos/acme/api/issues/42")
      .reply(410, { message: "This issue was deleted" })
      .get("/repos/acme/api/issues")
      .query(true)
      .reply(200, []);
    const github = await installationOctokit();
    expect(await findEscalationIssue(github, repo, { issueNumber: 42, findingId: FINDING, botLogin: "secfix[bot]" })).toBeNull();
  });
});

describe("getEscalationIssue", () => {
  it("is null for an issue moved away", async () => {
    mockGitHub().get("/repos/acme/api/issues/42").reply(404, { message: "Not Found" });
    expect(await getEscalationIssue(await installationOctokit(), repo, 42)).toBeNull();
  });
});

describe("createEscalationIssue", () => {
  it("assigns the team's members", async () => {
    mockGitHub().post("/repos/acme/api/issues").reply(201, issue(12, { assignees: [{ login: "alice" }] }));
    const { issue: created, assigned } = await createEscalationIssue(await installationOctokit(), repo, {
      title: "SLA breached: x (Dependabot alert #3)",
      labels: ["sla:breached"],
      assignees: ["alice"],
      body: (ok) => (ok ? "assigned" : "unassigned"),
    });
    expect({ number: created.number, assigned }).toEqual({ number: 12, assigned: true });
    expect(requests[0]!.body).toMatchObject({ assignees: ["alice"], labels: ["sla:breached"], body: "assigned" });
  });

  it("opens the issue without assignees when GitHub refuses them, and says so in its body", async () => {
    mockGitHub()
      .post("/repos/acme/api/issues")
      .reply(422, { message: "Validation Failed", errors: [{ resource: "Issue", field: "assignees", code: "invalid", value: "bob" }] })
      .post("/repos/acme/api/issues")
      .reply(201, issue(13));
    const { issue: created, assigned } = await createEscalationIssue(await installationOctokit(), repo, {
      title: "SLA breached: x (Dependabot alert #3)",
      labels: ["sla:breached"],
      assignees: ["bob"],
      body: (ok) => (ok ? "assigned" : "unassigned"),
    });
    expect({ number: created.number, assigned }).toEqual({ number: 13, assigned: false });
    expect(requests[1]!.body).toEqual({ title: "SLA breached: x (Dependabot alert #3)", labels: ["sla:breached"], body: "unassigned" });
  });
});
