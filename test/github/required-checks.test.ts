import { describe, expect, it } from "vitest";
import { getRequiredChecks } from "../../src/github/required-checks.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };

/** `repos/get-status-checks-protection`, shaped like GitHub's example. */
function statusCheckPolicy(branch: string, checks: { context: string; app_id: number | null }[], contexts = checks.map((c) => c.context)) {
  const base = `https://api.github.com/repos/acme/api/branches/${encodeURIComponent(branch)}/protection/required_status_checks`;
  return { url: base, strict: true, contexts, checks, contexts_url: `${base}/contexts` };
}

function statusChecksRule(rulesetId: number, checks: { context: string; integration_id?: number }[], source = "acme/api", sourceType = "Repository") {
  return {
    type: "required_status_checks",
    ruleset_source_type: sourceType,
    ruleset_source: source,
    ruleset_id: rulesetId,
    parameters: { strict_required_status_checks_policy: false, do_not_enforce_on_create: false, required_status_checks: checks },
  };
}

const otherRule = { type: "pull_request", ruleset_source_type: "Repository", ruleset_source: "acme/api", ruleset_id: 42, parameters: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: true, require_code_owner_review: false, require_last_push_approval: false, required_review_thread_resolution: false } };

describe("getRequiredChecks", () => {
  it("unites branch protection and rulesets, keeping the app each check is pinned to", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(200, statusCheckPolicy("main", [{ context: "test", app_id: 15368 }, { context: "ci/jenkins", app_id: null }]))
      .get("/repos/acme/api/rules/branches/main")
      .query({ per_page: "100" })
      .reply(200, [otherRule, statusChecksRule(7, [{ context: "CodeQL", integration_id: 57789 }, { context: "lint" }], "acme", "Organization")]);

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required).toEqual({
      checks: [
        { context: "test", appId: 15368, source: "branch_protection" },
        { context: "ci/jenkins", appId: null, source: "branch_protection" },
        { context: "CodeQL", appId: 57789, source: "ruleset" },
        { context: "lint", appId: null, source: "ruleset" },
      ],
      unreadable: null,
    });
  });

  it("lists a context only the legacy `contexts` field names as from any app", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(200, statusCheckPolicy("main", [{ context: "test", app_id: 15368 }], ["test", "deploy/preview"]))
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(200, []);

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required.checks).toEqual([
      { context: "test", appId: 15368, source: "branch_protection" },
      { context: "deploy/preview", appId: null, source: "branch_protection" },
    ]);
  });

  it("keeps one entry per context and app, the branch protection one first", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(200, statusCheckPolicy("main", [{ context: "test", app_id: 15368 }]))
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(200, [statusChecksRule(7, [{ context: "test", integration_id: 15368 }, { context: "test" }]), statusChecksRule(8, [{ context: "test" }])]);

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required.checks).toEqual([
      { context: "test", appId: 15368, source: "branch_protection" },
      { context: "test", appId: null, source: "ruleset" },
    ]);
  });

  it("reads every page of rules", async () => {
    const page2 = "https://api.github.com/repos/acme/api/rules/branches/main?per_page=100&page=2";
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(404, { message: "Branch not protected", documentation_url: "https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection", status: "404" })
      .get("/repos/acme/api/rules/branches/main")
      .query({ per_page: "100" })
      .reply(200, [statusChecksRule(1, [{ context: "a" }])], { link: `<${page2}>; rel="next", <${page2}>; rel="last"` })
      .get("/repos/acme/api/rules/branches/main")
      .query({ per_page: "100", page: "2" })
      .reply(200, [statusChecksRule(2, [{ context: "b", integration_id: 3 }])]);

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required).toEqual({
      checks: [
        { context: "a", appId: null, source: "ruleset" },
        { context: "b", appId: 3, source: "ruleset" },
      ],
      unreadable: null,
    });
  });

  it("answers none, readably, for a branch without protection or rulesets", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(404, { message: "Branch not protected" })
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(200, []);

    await expect(getRequiredChecks(await installationOctokit(), repo, "main")).resolves.toEqual({ checks: [], unreadable: null });
  });

  it("encodes a branch name with a slash as one path segment", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/release%2F2.x/protection/required_status_checks")
      .reply(200, statusCheckPolicy("release/2.x", [{ context: "test", app_id: null }]))
      .get("/repos/acme/api/rules/branches/release%2F2.x")
      .query(true)
      .reply(200, []);

    const required = await getRequiredChecks(await installationOctokit(), repo, "release/2.x");
    expect(required.checks).toEqual([{ context: "test", appId: null, source: "branch_protection" }]);
  });

  it("says branch protection is unreadable when the app may not read it, and still reports rulesets", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection", status: "403" })
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(200, [statusChecksRule(7, [{ context: "test" }])]);

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required.checks).toEqual([{ context: "test", appId: null, source: "ruleset" }]);
    expect(required.unreadable).toMatch(/^branch protection of main could not be read \(403: Resource not accessible by integration/);
    expect(required.unreadable).toContain("Administration read");
  });

  it("explains both sources when neither can be read", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(403, { message: "Upgrade to GitHub Pro or make this repository public to enable this feature." })
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(403, { message: "Resource not accessible by integration" });

    const required = await getRequiredChecks(await installationOctokit(), repo, "main");

    expect(required.checks).toEqual([]);
    expect(required.unreadable).toContain("branch protection of main could not be read (403: Upgrade to GitHub Pro");
    expect(required.unreadable).toContain("; rulesets for main could not be read (403: Resource not accessible by integration");
  });

  it("treats a server without the rules endpoint as having no rulesets", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(200, statusCheckPolicy("main", [{ context: "test", app_id: null }]))
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(404, { message: "Not Found" });

    await expect(getRequiredChecks(await installationOctokit(), repo, "main")).resolves.toEqual({
      checks: [{ context: "test", appId: null, source: "branch_protection" }],
      unreadable: null,
    });
  });

  it("throws a rate limit rather than calling the branch unreadable", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(403, { message: "API rate limit exceeded for installation ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1714790000" })
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(200, []);

    await expect(getRequiredChecks(await installationOctokit(), repo, "main")).rejects.toMatchObject({ status: 403 });
  });

  it("throws a server error: it says nothing about the branch", async () => {
    mockGitHub()
      .get("/repos/acme/api/branches/main/protection/required_status_checks")
      .reply(200, statusCheckPolicy("main", []))
      .get("/repos/acme/api/rules/branches/main")
      .query(true)
      .reply(502, { message: "Server Error" });

    await expect(getRequiredChecks(await installationOctokit(), repo, "main")).rejects.toMatchObject({ status: 502 });
  });
});
