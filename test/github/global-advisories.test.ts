import { describe, expect, it } from "vitest";
import { advisoriesAffecting, advisoryEcosystem, UnsupportedAdvisoryEcosystemError } from "../../src/github/global-advisories.js";
import { mockGitHub, requests, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

/** A global advisory shaped like GitHub's `security-advisories/list-global-advisories` example. */
function advisory(ghsaId: string, severity: string, summary: string, overrides: Record<string, unknown> = {}) {
  return {
    id: 1,
    ghsa_id: ghsaId,
    cve_id: "CVE-2024-00000",
    url: `https://api.github.com/advisories/${ghsaId}`,
    html_url: `https://github.com/advisories/${ghsaId}`,
    repository_advisory_url: null,
    summary,
    description: `${summary}. Upgrade to a patched version.`,
    type: "reviewed",
    severity,
    source_code_location: "https://github.com/lodash/lodash",
    identifiers: [
      { type: "GHSA", value: ghsaId },
      { type: "CVE", value: "CVE-2024-00000" },
    ],
    references: ["https://nvd.nist.gov/vuln/detail/CVE-2024-00000"],
    published_at: "2024-03-23T02:30:56Z",
    updated_at: "2024-03-24T02:30:56Z",
    github_reviewed_at: "2024-03-23T02:30:56Z",
    nvd_published_at: "2024-03-25T02:30:56Z",
    withdrawn_at: null,
    vulnerabilities: [{ package: { ecosystem: "npm", name: "lodash" }, first_patched_version: "4.17.21", vulnerable_version_range: "< 4.17.21", vulnerable_functions: [] }],
    cvss: { vector_string: "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:H", score: 7.6 },
    cwes: [{ cwe_id: "CWE-400", name: "Uncontrolled Resource Consumption" }],
    credits: [],
    ...overrides,
  };
}

describe("advisoriesAffecting", () => {
  it("lists reviewed advisories that affect the exact package version", async () => {
    mockGitHub()
      .get("/advisories")
      .query({ ecosystem: "npm", affects: "lodash@4.17.20", type: "reviewed", per_page: "100" })
      .reply(200, [advisory("GHSA-35jh-r3h4-6jhm", "high", "Command Injection in lodash"), advisory("GHSA-29mw-wpgm-hmr9", "medium", "Regular Expression Denial of Service (ReDoS) in lodash")]);

    const advisories = await advisoriesAffecting(await installationOctokit(), "npm", "lodash", "4.17.20");

    expect(advisories).toEqual([
      { ghsaId: "GHSA-35jh-r3h4-6jhm", severity: "high", summary: "Command Injection in lodash" },
      { ghsaId: "GHSA-29mw-wpgm-hmr9", severity: "medium", summary: "Regular Expression Denial of Service (ReDoS) in lodash" },
    ]);
  });

  it("leaves withdrawn advisories out", async () => {
    mockGitHub()
      .get("/advisories")
      .query(true)
      .reply(200, [advisory("GHSA-aaaa-bbbb-cccc", "critical", "Withdrawn: not a vulnerability", { withdrawn_at: "2024-04-01T00:00:00Z" }), advisory("GHSA-35jh-r3h4-6jhm", "high", "Command Injection in lodash")]);

    const advisories = await advisoriesAffecting(await installationOctokit(), "npm", "lodash", "4.17.20");
    expect(advisories.map((a) => a.ghsaId)).toEqual(["GHSA-35jh-r3h4-6jhm"]);
  });

  it("answers none for a version no advisory affects", async () => {
    mockGitHub().get("/advisories").query({ ecosystem: "pip", affects: "requests@2.32.3", type: "reviewed", per_page: "100" }).reply(200, []);
    await expect(advisoriesAffecting(await installationOctokit(), "pip", "requests", "2.32.3")).resolves.toEqual([]);
  });

  it("follows the cursor pages GitHub links to", async () => {
    const next = "https://api.github.com/advisories?ecosystem=npm&affects=lodash%404.17.20&type=reviewed&per_page=100&after=Y3Vyc29yOnYyOpLPAAABjd";
    mockGitHub()
      .get("/advisories")
      .query({ ecosystem: "npm", affects: "lodash@4.17.20", type: "reviewed", per_page: "100" })
      .reply(200, [advisory("GHSA-1111-2222-3333", "low", "first")], { link: `<${next}>; rel="next"` })
      .get("/advisories")
      .query({ ecosystem: "npm", affects: "lodash@4.17.20", type: "reviewed", per_page: "100", after: "Y3Vyc29yOnYyOpLPAAABjd" })
      .reply(200, [advisory("GHSA-4444-5555-6666", "unknown", "second")]);

    const advisories = await advisoriesAffecting(await installationOctokit(), "npm", "lodash", "4.17.20");
    expect(advisories.map((a) => [a.ghsaId, a.severity])).toEqual([
      ["GHSA-1111-2222-3333", "low"],
      ["GHSA-4444-5555-6666", "unknown"],
    ]);
  });

  it("keeps a scoped npm name whole in `affects`", async () => {
    mockGitHub().get("/advisories").query({ ecosystem: "npm", affects: "@babel/traverse@7.22.0", type: "reviewed", per_page: "100" }).reply(200, []);

    await advisoriesAffecting(await installationOctokit(), "npm", "@babel/traverse", "7.22.0");
    expect(requests[0]?.path).toContain("affects=%40babel%2Ftraverse%407.22.0");
  });

  it("maps Dependabot's configuration names to the database's ecosystems", async () => {
    mockGitHub().get("/advisories").query({ ecosystem: "rust", affects: "openssl@0.10.50", type: "reviewed", per_page: "100" }).reply(200, []);
    await expect(advisoriesAffecting(await installationOctokit(), "cargo", "openssl", "0.10.50")).resolves.toEqual([]);
  });

  it("refuses an ecosystem the database does not know instead of answering 'no advisories'", async () => {
    await expect(advisoriesAffecting(await installationOctokit(), "conda", "numpy", "1.0.0")).rejects.toBeInstanceOf(UnsupportedAdvisoryEcosystemError);
    expect(requests).toHaveLength(0);
  });

  it("throws GitHub's validation error", async () => {
    mockGitHub().get("/advisories").query(true).reply(422, { message: "Validation Failed", errors: [{ resource: "Advisory", field: "affects", code: "invalid" }] });
    await expect(advisoriesAffecting(await installationOctokit(), "npm", "lodash", "4.17.20")).rejects.toMatchObject({ status: 422 });
  });
});

describe("advisoryEcosystem", () => {
  it("passes the database's own names through and maps Dependabot's", () => {
    expect(advisoryEcosystem("npm")).toBe("npm");
    expect(advisoryEcosystem("pip")).toBe("pip");
    expect(advisoryEcosystem("npm_and_yarn")).toBe("npm");
    expect(advisoryEcosystem("bundler")).toBe("rubygems");
    expect(advisoryEcosystem("gomod")).toBe("go");
    expect(advisoryEcosystem("github-actions")).toBe("actions");
    expect(advisoryEcosystem("PIP")).toBe("pip");
    expect(advisoryEcosystem("conda")).toBeNull();
  });
});
