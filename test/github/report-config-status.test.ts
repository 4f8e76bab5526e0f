import { Probot, ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { configProblemsFingerprint } from "../../src/config/config-problems-fingerprint.js";
import { defaultConfig } from "../../src/config/config.schema.js";
import { validateConfig, type ConfigProblem, type ConfigResult } from "../../src/config/validate-config.js";
import { reportConfigStatus } from "../../src/github/report-config-status.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { parse } from "yaml";

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

const headSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const ownFile = (repo = "api") => ({
  owner: "acme",
  repo,
  path: ".github/secfix.yml",
  url: `https://api.github.com/repos/acme/${repo}/contents/.github%2Fsecfix.yml`,
});

function invalidResult(): Extract<ConfigResult, { status: "invalid" }> {
  const text = "severity_threshold: high\nsla:\n  critical: 1 day\nautomerge: true\n";
  const result = validateConfig([{ ...ownFile(), text, data: parse(text) }]);
  if (result.status !== "invalid") throw new Error("fixture must be invalid");
  return result;
}

interface CheckRunBody {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string;
  external_id?: string;
  output: {
    title: string;
    summary: string;
    text: string;
    annotations?: { path: string; start_line: number; end_line: number; annotation_level: string; message: string; title: string }[];
  };
}

describe("reportConfigStatus", () => {
  it("fails the `secfix config` check on the default branch head, naming each key and line", async () => {
    const result = invalidResult();
    let sent: CheckRunBody | undefined;
    const scope = mockGitHub()
      .post("/repos/acme/api/check-runs", (body: CheckRunBody) => {
        sent = body;
        return true;
      })
      .reply(201, { id: 4242 });

    const id = await reportConfigStatus(await installationOctokit(), { owner: "acme", repo: "api", headSha, result });

    expect(id).toBe(4242);
    expect(sent).toMatchObject({
      name: "secfix config",
      head_sha: headSha,
      status: "completed",
      conclusion: "failure",
      external_id: configProblemsFingerprint(result.problems),
      output: { title: ".github/secfix.yml is invalid: 2 problems" },
    });
    expect(sent?.output.summary).toContain('| `.github/secfix.yml` | 3 | `sla.critical` | must be a duration like 30m, 24h or 7d, got "1 day" |');
    expect(sent?.output.summary).toContain("| `.github/secfix.yml` | 4 | `automerge` | is not a secfix setting;");
    expect(sent?.output.summary).toContain("fix the file on the default branch; secfix acts on nothing in this repository until then.");
    expect(sent?.output.annotations).toEqual([
      {
        path: ".github/secfix.yml",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        title: "secfix config: sla.critical",
        message: '`sla.critical` must be a duration like 30m, 24h or 7d, got "1 day"',
      },
      {
        path: ".github/secfix.yml",
        start_line: 4,
        end_line: 4,
        annotation_level: "failure",
        title: "secfix config: automerge",
        message: expect.stringMatching(/^`automerge` is not a secfix setting; .* Did you mean auto_merge\?$/),
      },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("does not annotate problems that live in another repository's file", async () => {
    const inherited: ConfigProblem = {
      file: ownFile(".github"),
      line: 2,
      column: 3,
      keyPath: "sla.high",
      message: '`sla.high` must be a duration like 30m, 24h or 7d, got "soon"',
    };
    const scope = mockGitHub()
      .post(
        "/repos/acme/api/check-runs",
        (body: CheckRunBody) =>
          body.conclusion === "failure" &&
          body.output.annotations?.length === 0 &&
          body.output.summary.includes("| `acme/.github:.github/secfix.yml` | 2 | `sla.high` |"),
      )
      .reply(201, { id: 7 });

    const id = await reportConfigStatus(await installationOctokit(), {
      owner: "acme",
      repo: "api",
      headSha,
      result: { status: "invalid", problems: [inherited] },
    });
    expect(id).toBe(7);
    expect(scope.isDone()).toBe(true);
  });

  it("passes the check once the configuration is valid again", async () => {
    let sent: CheckRunBody | undefined;
    const scope = mockGitHub()
      .post("/repos/acme/api/check-runs", (body: CheckRunBody) => {
        sent = body;
        return true;
      })
      .reply(201, { id: 4243 });

    const id = await reportConfigStatus(await installationOctokit(), {
      owner: "acme",
      repo: "api",
      headSha,
      result: { status: "valid", config: defaultConfig(), files: [ownFile()] },
    });

    expect(id).toBe(4243);
    expect(sent).toEqual({
      name: "secfix config",
      head_sha: headSha,
      status: "completed",
      conclusion: "success",
      output: {
        title: "secfix configuration is valid",
        summary: "The configuration is valid; secfix acts on this repository with it.",
        text: "Read from, most general first:\n\n- `acme/api:.github/secfix.yml`",
      },
    });
    expect(scope.isDone()).toBe(true);
  });

  it("passes the check with a note that defaults apply when the file was removed", async () => {
    const scope = mockGitHub()
      .post(
        "/repos/acme/api/check-runs",
        (body: CheckRunBody) =>
          body.name === "secfix config" &&
          body.head_sha === headSha &&
          body.conclusion === "success" &&
          body.output.title === "No secfix configuration: defaults apply",
      )
      .reply(201, { id: 4244 });

    const id = await reportConfigStatus(await installationOctokit(), {
      owner: "acme",
      repo: "api",
      headSha,
      result: { status: "missing", config: defaultConfig() },
    });
    expect(id).toBe(4244);
    expect(scope.isDone()).toBe(true);
  });
});
