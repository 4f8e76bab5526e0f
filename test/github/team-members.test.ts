import { describe, expect, it } from "vitest";
import { listTeamMembers, teamMention } from "../../src/github/team-members.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

describe("listTeamMembers", () => {
  it("reads a team of the repository owner's organisation, leaving bots out", async () => {
    mockGitHub()
      .get("/orgs/acme/teams/security/members")
      .query({ per_page: "100" })
      .reply(200, [
        { login: "alice", type: "User" },
        { login: "renovate[bot]", type: "Bot" },
      ]);
    expect(await listTeamMembers(await installationOctokit(), "acme", "security")).toEqual(["alice"]);
  });

  it("reads an org/slug team in its own organisation", async () => {
    mockGitHub().get("/orgs/other/teams/appsec/members").query(true).reply(200, [{ login: "bob", type: "User" }]);
    expect(await listTeamMembers(await installationOctokit(), "acme", "other/appsec")).toEqual(["bob"]);
  });

  it("has no members for a team secfix cannot see", async () => {
    mockGitHub().get("/orgs/acme/teams/ghosts/members").query(true).reply(404, { message: "Not Found" });
    expect(await listTeamMembers(await installationOctokit(), "acme", "ghosts")).toEqual([]);
  });
});

describe("teamMention", () => {
  it("mentions a bare slug in the owner's organisation", () => {
    expect(teamMention("acme", "security")).toBe("@acme/security");
    expect(teamMention("acme", "other/appsec")).toBe("@other/appsec");
  });
});
