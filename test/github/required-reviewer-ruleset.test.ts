import { describe, expect, it } from "vitest";
import { ensureRequiredReviewerRuleset } from "../../src/github/required-reviewer-ruleset.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const input = { name: "secfix required reviewers", branch: "main", teams: ["security", "platform/infra"], filePatterns: ["src/auth/**", ".github/workflows/**"] };

function team(id: number, slug: string, org = "acme") {
  return {
    id,
    node_id: `T_kwDO${id}`,
    url: `https://api.github.com/organizations/1/team/${id}`,
    html_url: `https://github.com/orgs/${org}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `https://api.github.com/organizations/1/team/${id}/members{/member}`,
    repositories_url: `https://api.github.com/organizations/1/team/${id}/repos`,
    parent: null,
  };
}

function ruleset(id: number, name: string, source_type = "Repository") {
  return { id, name, target: "branch", source_type, source: source_type === "Repository" ? "acme/api" : "acme", enforcement: "active", node_id: `RRS_${id}` };
}

const expectedBody = {
  name: "secfix required reviewers",
  target: "branch",
  enforcement: "active",
  conditions: { ref_name: { include: ["refs/heads/main"], exclude: [] } },
  rules: [
    {
      type: "pull_request",
      parameters: {
        required_approving_review_count: 0,
        dismiss_stale_reviews_on_push: true,
        require_code_owner_review: false,
        require_last_push_approval: false,
        required_review_thread_resolution: false,
        required_reviewers: [
          { reviewer: { id: 11, type: "Team" }, file_patterns: ["src/auth/**", ".github/workflows/**"], minimum_approvals: 1 },
          { reviewer: { id: 22, type: "Team" }, file_patterns: ["src/auth/**", ".github/workflows/**"], minimum_approvals: 1 },
        ],
      },
    },
  ],
};

function teamsFound() {
  return mockGitHub().get("/orgs/acme/teams/security").reply(200, team(11, "security")).get("/orgs/platform/teams/infra").reply(200, team(22, "infra", "platform"));
}

const listQuery = { per_page: "100", includes_parents: "false" };

describe("ensureRequiredReviewerRuleset", () => {
  it("creates the ruleset when the repository has none by that name, resolving each team's id", async () => {
    let sent: unknown;
    teamsFound();
    const scope = mockGitHub()
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [ruleset(5, "protect main")])
      .post("/repos/acme/api/rulesets", (body) => {
        sent = body;
        return true;
      })
      .reply(201, { ...ruleset(42, input.name), ...expectedBody });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);

    expect(result).toEqual({ status: "active", rulesetId: 42 });
    expect(sent).toEqual(expectedBody);
    expect(scope.isDone()).toBe(true);
  });

  it("overwrites the existing ruleset with the same name, found on a later page", async () => {
    let sent: unknown;
    teamsFound();
    mockGitHub()
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [ruleset(5, "protect main")], { link: '<https://api.github.com/repos/acme/api/rulesets?per_page=100&includes_parents=false&page=2>; rel="next"' })
      .get("/repos/acme/api/rulesets")
      .query({ ...listQuery, page: "2" })
      .reply(200, [ruleset(77, input.name)])
      .put("/repos/acme/api/rulesets/77", (body) => {
        sent = body;
        return true;
      })
      .reply(200, { ...ruleset(77, input.name), ...expectedBody });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);

    expect(result).toEqual({ status: "active", rulesetId: 77 });
    expect(sent).toEqual(expectedBody);
  });

  it("does not take over an inherited organisation ruleset that happens to share the name", async () => {
    teamsFound();
    mockGitHub()
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [ruleset(9, input.name, "Organization")])
      .post("/repos/acme/api/rulesets")
      .reply(201, ruleset(43, input.name));

    expect(await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input)).toEqual({ status: "active", rulesetId: 43 });
  });

  it("lists a team named twice once", async () => {
    let sent: { rules: { parameters: { required_reviewers: unknown[] } }[] } | undefined;
    mockGitHub()
      .get("/orgs/acme/teams/security")
      .times(2)
      .reply(200, team(11, "security"))
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [])
      .post("/repos/acme/api/rulesets", (body) => {
        sent = body;
        return true;
      })
      .reply(201, ruleset(44, input.name));

    await ensureRequiredReviewerRuleset(await installationOctokit(), repo, { ...input, teams: ["security", "acme/security"] });
    expect(sent?.rules[0]?.parameters.required_reviewers).toHaveLength(1);
  });

  it("is unavailable with the Administration explanation when GitHub forbids writing rulesets (403)", async () => {
    teamsFound();
    mockGitHub()
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [])
      .post("/repos/acme/api/rulesets")
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/repos/rules#create-a-repository-ruleset", status: "403" });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);

    expect(result).toEqual({
      status: "unavailable",
      reason:
        "secfix lacks Administration write, so the ruleset cannot be set; the secfix/approval check alone enforces approval (GitHub: Resource not accessible by integration)",
    });
  });

  it("is unavailable, naming the team, when a team does not exist (404)", async () => {
    mockGitHub().get("/orgs/acme/teams/security").reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/teams/teams#get-a-team-by-name", status: "404" });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);

    expect(result.status).toBe("unavailable");
    expect(result.status === "unavailable" && result.reason).toMatch(/^team acme\/security was not found/);
  });

  it("is unavailable when rulesets cannot be listed for the repository (404)", async () => {
    teamsFound();
    mockGitHub().get("/repos/acme/api/rulesets").query(listQuery).reply(404, { message: "Not Found", status: "404" });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);
    expect(result.status === "unavailable" && result.reason).toMatch(/rulesets are unavailable for this repository/);
  });

  it("is unavailable with GitHub's validation details when the plan lacks required reviewers (422)", async () => {
    teamsFound();
    mockGitHub()
      .get("/repos/acme/api/rulesets")
      .query(listQuery)
      .reply(200, [])
      .post("/repos/acme/api/rulesets")
      .reply(422, {
        message: "Validation Failed",
        errors: ["Invalid rule 'pull_request': required_reviewers is not available for this repository"],
        documentation_url: "https://docs.github.com/rest/repos/rules#create-a-repository-ruleset",
        status: "422",
      });

    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, input);

    expect(result.status === "unavailable" && result.reason).toContain(
      "(GitHub: Validation Failed: Invalid rule 'pull_request': required_reviewers is not available for this repository)",
    );
  });

  it("is unavailable without asking GitHub when no team is configured", async () => {
    const result = await ensureRequiredReviewerRuleset(await installationOctokit(), repo, { ...input, teams: [] });
    expect(result).toEqual({ status: "unavailable", reason: "no reviewer teams are configured, so there is nobody to require" });
  });

  it("rethrows server errors, which are worth retrying", async () => {
    teamsFound();
    mockGitHub().get("/repos/acme/api/rulesets").query(listQuery).reply(500, { message: "Server Error" });
    await expect(ensureRequiredReviewerRuleset(await installationOctokit(), repo, input)).rejects.toMatchObject({ status: 500 });
  });
});
