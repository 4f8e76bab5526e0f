import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.schema.js";
import { renderConfigProblems } from "../../src/config/render-config-problems.js";
import { loadRepoConfig } from "../../src/github/load-repo-config.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";

useStrictGitHub();

async function installationOctokit(): Promise<ProbotOctokit> {
  const probot = new Probot({
    githubToken: "test",
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  return probot.auth(1);
}

const contentsPath = (owner: string, repo: string, path = ".github/secfix.yml") =>
  `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;
const urlOf = (owner: string, repo: string, path = ".github/secfix.yml") => `https://api.github.com${contentsPath(owner, repo, path)}`;
const fileRef = (owner: string, repo: string, path = ".github/secfix.yml") => ({ owner, repo, path, url: urlOf(owner, repo, path) });

/** Answers one raw-contents read the way GitHub does for `Accept: application/vnd.github.raw`. */
function serveFile(scope: nock.Scope, owner: string, repo: string, text: string, path?: string): nock.Scope {
  return scope
    .get(contentsPath(owner, repo, path))
    .matchHeader("accept", /raw/)
    .reply(200, text, { "content-type": "text/plain; charset=utf-8" });
}

function notFound(scope: nock.Scope, owner: string, repo: string): nock.Scope {
  return scope.get(contentsPath(owner, repo)).reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
}

describe("loadRepoConfig", () => {
  it("reads and validates the repository's own file", async () => {
    const scope = serveFile(mockGitHub(), "acme", "api", "severity_threshold: high\nauto_merge:\n  enabled: true\n");
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "valid",
      config: { ...defaultConfig(), severity_threshold: "high", auto_merge: { ...defaultConfig().auto_merge, enabled: true } },
      files: [fileRef("acme", "api")],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("uses defaults when neither the repository nor the owner's .github repository has a file", async () => {
    const scope = mockGitHub();
    notFound(scope, "acme", "api");
    notFound(scope, "acme", ".github");
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({ status: "missing", config: defaultConfig() });
    expect(scope.isDone()).toBe(true);
  });

  it("uses the owner's .github repository file when the repository has none", async () => {
    const scope = mockGitHub();
    notFound(scope, "acme", "api");
    serveFile(scope, "acme", ".github", "sla:\n  critical: 8h\n");
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toMatchObject({ status: "valid", files: [fileRef("acme", ".github")] });
    expect(result.status === "valid" && result.config.sla.critical).toBe("8h");
    expect(scope.isDone()).toBe(true);
  });

  it("merges an _extends chain up to the org's .github repository, the repository's file winning and lists replaced", async () => {
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", "_extends: shared-config\nsla:\n  critical: 6h\ncustomer_facing_paths: [app/routes/**]\n");
    serveFile(
      scope,
      "acme",
      "shared-config",
      "_extends: .github\nsla:\n  high: 2d\nprotected_paths: [infra/**]\napprovers:\n  customer_facing: [platform]\n",
    );
    serveFile(
      scope,
      "acme",
      ".github",
      [
        "sla:",
        "  critical: 12h",
        "  high: 5d",
        "  medium: 20d",
        "customer_facing_paths: [src/api/**, src/web/**]",
        "protected_paths: [deploy/**, secrets/**]",
        "approvers:",
        "  customer_facing: [security]",
        "  new_patterns: [appsec]",
      ].join("\n"),
    );
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result.status).toBe("valid");
    if (result.status !== "valid") return;
    expect(result.config.sla).toEqual({ critical: "6h", high: "2d", medium: "20d", low: "90d", max_open_escalations: 10, escalate_to: [] });
    expect(result.config.customer_facing_paths).toEqual(["app/routes/**"]);
    expect(result.config.protected_paths).toEqual(["infra/**"]);
    expect(result.config.approvers).toEqual({ customer_facing: ["platform"], new_patterns: ["appsec"], high_risk: [], security: [], ruleset: true });
    expect(result.files).toEqual([fileRef("acme", ".github"), fileRef("acme", "shared-config"), fileRef("acme", "api")]);
    expect(scope.isDone()).toBe(true);
  });

  it("follows _extends to another owner and another path", async () => {
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", "_extends: secure-org/policies:secfix/base.yml\nai:\n  enabled: true\n");
    serveFile(scope, "secure-org", "policies", "ai:\n  model: gpt-x\n  approved_patterns: [js/sql-injection]\n", "secfix/base.yml");
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toMatchObject({
      status: "valid",
      config: { ai: { enabled: true, model: "gpt-x", approved_patterns: ["js/sql-injection"] } },
      files: [fileRef("secure-org", "policies", "secfix/base.yml"), fileRef("acme", "api")],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reports invalid YAML with its line, read back from the file", async () => {
    const text = "sla:\n  critical: 12h\n  high: 3d: x\n";
    const scope = mockGitHub();
    // Once by the config loader, which throws on the YAML, and once more to find the line.
    serveFile(scope, "acme", "api", text);
    serveFile(scope, "acme", "api", text);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", "api"),
          line: 3,
          column: 9,
          keyPath: "",
          message: "The file is not valid YAML: Nested mappings are not allowed in compact mappings",
        },
      ],
    });
    if (result.status !== "invalid") return;
    const output = renderConfigProblems(result.problems, { owner: "acme", repo: "api" });
    expect(output.summary).toContain(
      "| `.github/secfix.yml` | 3 | (whole file) | The file is not valid YAML: Nested mappings are not allowed in compact mappings |",
    );
    expect(output.annotations).toMatchObject([{ path: ".github/secfix.yml", start_line: 3 }]);
    expect(scope.isDone()).toBe(true);
  });

  it("reports a file that holds a single value instead of settings", async () => {
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", "enable everything please\n");
    serveFile(scope, "acme", "api", "enable everything please\n");
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", "api"),
          line: 1,
          column: 1,
          keyPath: "",
          message: "The file must be a mapping of settings (key: value lines), not a single value",
        },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reports schema errors with key paths and lines, fetching the text of that file only", async () => {
    const text = "# secfix\nseverity_threshold: high\nsla:\n  critical: 1 day\nauto_merge:\n  enabled: yes\nautomerge: true\n";
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", text);
    serveFile(scope, "acme", "api", text);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.problems.map(({ file, line, keyPath, message }) => ({ file, line, keyPath, message }))).toEqual([
      {
        file: fileRef("acme", "api"),
        line: 4,
        keyPath: "sla.critical",
        message: '`sla.critical` must be a duration like 30m, 24h or 7d, got "1 day"',
      },
      { file: fileRef("acme", "api"), line: 6, keyPath: "auto_merge.enabled", message: '`auto_merge.enabled` must be true or false, got "yes"' },
      {
        file: fileRef("acme", "api"),
        line: 7,
        keyPath: "automerge",
        message: expect.stringMatching(/^`automerge` is not a secfix setting; .* Did you mean auto_merge\?$/),
      },
    ]);
    const output = renderConfigProblems(result.problems, { owner: "acme", repo: "api" });
    expect(output.summary).toContain('| `.github/secfix.yml` | 4 | `sla.critical` | must be a duration like 30m, 24h or 7d, got "1 day" |');
    expect(output.summary).toContain("| `.github/secfix.yml` | 7 | `automerge` | is not a secfix setting;");
    expect(scope.isDone()).toBe(true);
  });

  it("blames the inherited file and reads back only that one when the bad value is inherited", async () => {
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", "_extends: .github\nsla:\n  critical: 6h\n");
    const org = "# org-wide\nsla:\n  high: next week\n";
    serveFile(scope, "acme", ".github", org);
    serveFile(scope, "acme", ".github", org);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", ".github"),
          line: 3,
          column: 3,
          keyPath: "sla.high",
          message: '`sla.high` must be a duration like 30m, 24h or 7d, got "next week"',
        },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reports an _extends target that does not exist instead of dropping the inherited settings", async () => {
    const text = "ai:\n  enabled: true\n_extends: sharde-config\n";
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", text);
    notFound(scope, "acme", "sharde-config");
    serveFile(scope, "acme", "api", text);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", "api"),
          line: 3,
          column: 1,
          keyPath: "_extends",
          message:
            "`_extends` points at acme/sharde-config:.github/secfix.yml, which does not exist or which secfix cannot read (is the app installed on acme/sharde-config?)",
        },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reports a malformed _extends value on its line", async () => {
    const text = "sla:\n  high: 2d\n_extends: not a repo!\n";
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", text);
    serveFile(scope, "acme", "api", text);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", "api"),
          line: 3,
          column: 1,
          keyPath: "_extends",
          message: '`_extends` must name a file to inherit as repo, owner/repo or owner/repo:path/to/file.yml; got "not a repo!"',
        },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reports an _extends loop on the line that closes it", async () => {
    const scope = mockGitHub();
    serveFile(scope, "acme", "api", "_extends: shared-config\n");
    const shared = "# shared\n_extends: api\n";
    serveFile(scope, "acme", "shared-config", shared);
    // The loader stops before reading acme/api twice; only the file that closes the loop is read back.
    serveFile(scope, "acme", "shared-config", shared);
    const result = await loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" });
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: fileRef("acme", "shared-config"),
          line: 2,
          column: 1,
          keyPath: "_extends",
          message: "`_extends` leads back to acme/api:.github/secfix.yml, which is already part of this configuration; remove the loop",
        },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("lets a GitHub server error reach the caller so the job is retried", async () => {
    const scope = mockGitHub().get(contentsPath("acme", "api")).reply(502, { message: "Server Error" });
    await expect(loadRepoConfig(await installationOctokit(), { owner: "acme", repo: "api" })).rejects.toMatchObject({ status: 502 });
    expect(scope.isDone()).toBe(true);
  });
});
