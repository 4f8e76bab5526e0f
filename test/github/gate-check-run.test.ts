import { describe, expect, it } from "vitest";
import { completeCheckRun, startCheckRun, updateCheckRunProgress, type CheckRunAnnotation } from "../../src/github/gate-check-run.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const headSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

interface UpdateBody {
  status?: string;
  conclusion?: string;
  output: { title: string; summary: string; text?: string; annotations?: CheckRunAnnotation[] };
}

function annotations(count: number): CheckRunAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: "src/auth/login.ts",
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: "failure" as const,
    message: `finding ${i + 1}`,
  }));
}

function recordUpdates(times: number): UpdateBody[] {
  const sent: UpdateBody[] = [];
  mockGitHub()
    .patch("/repos/acme/api/check-runs/4242", (body: UpdateBody) => {
      sent.push(body);
      return true;
    })
    .times(times)
    .reply(200, { id: 4242, head_sha: headSha, status: "completed" });
  return sent;
}

describe("startCheckRun", () => {
  it("creates an in-progress check run on the head and returns its id", async () => {
    const scope = mockGitHub()
      .post("/repos/acme/api/check-runs", {
        name: "secfix/gates",
        head_sha: headSha,
        status: "in_progress",
        output: { title: "Checking the fix", summary: "Waiting for CI on 6dcb09b." },
      })
      .reply(201, { id: 4242, head_sha: headSha, status: "in_progress" });

    const id = await startCheckRun(await installationOctokit(), repo, {
      name: "secfix/gates",
      headSha,
      title: "Checking the fix",
      summary: "Waiting for CI on 6dcb09b.",
    });

    expect(id).toBe(4242);
    expect(scope.isDone()).toBe(true);
  });
});

describe("updateCheckRunProgress", () => {
  it("replaces the output without touching the status", async () => {
    const sent = recordUpdates(1);
    await updateCheckRunProgress(await installationOctokit(), repo, { checkRunId: 4242, title: "2 of 5 gates done", summary: "CI still running." });
    expect(sent).toEqual([{ output: { title: "2 of 5 gates done", summary: "CI still running." } }]);
  });
});

describe("completeCheckRun", () => {
  it("completes the run with its conclusion and output in one request when there are few annotations", async () => {
    const sent = recordUpdates(1);
    await completeCheckRun(await installationOctokit(), repo, {
      checkRunId: 4242,
      conclusion: "failure",
      title: "1 gate failed",
      summary: "patch scope: touches .github/workflows/ci.yml",
      text: "details",
      annotations: annotations(2),
    });
    expect(sent).toEqual([
      {
        status: "completed",
        conclusion: "failure",
        output: { title: "1 gate failed", summary: "patch scope: touches .github/workflows/ci.yml", text: "details", annotations: annotations(2) },
      },
    ]);
  });

  it("sends no annotations key when there are none", async () => {
    const sent = recordUpdates(1);
    await completeCheckRun(await installationOctokit(), repo, { checkRunId: 4242, conclusion: "success", title: "All gates passed", summary: "ok" });
    expect(sent).toEqual([{ status: "completed", conclusion: "success", output: { title: "All gates passed", summary: "ok" } }]);
  });

  it("sends annotations in batches of 50, the conclusion only with the first", async () => {
    const all = annotations(120);
    const sent = recordUpdates(3);
    await completeCheckRun(await installationOctokit(), repo, { checkRunId: 4242, conclusion: "action_required", title: "Needs approval", summary: "s", annotations: all });

    expect(sent.map((body) => body.output.annotations?.length)).toEqual([50, 50, 20]);
    expect(sent.flatMap((body) => body.output.annotations ?? [])).toEqual(all);
    expect(sent[0]).toMatchObject({ status: "completed", conclusion: "action_required" });
    for (const later of sent.slice(1)) {
      expect(later).not.toHaveProperty("status");
      expect(later).not.toHaveProperty("conclusion");
      expect(later.output).toMatchObject({ title: "Needs approval", summary: "s" });
    }
  });

  it("sends at most 500 annotations and says in the summary how many were left out", async () => {
    const sent = recordUpdates(10);
    await completeCheckRun(await installationOctokit(), repo, { checkRunId: 4242, conclusion: "failure", title: "Many findings", summary: "s", annotations: annotations(730) });

    expect(sent).toHaveLength(10);
    expect(sent.flatMap((body) => body.output.annotations ?? [])).toEqual(annotations(500));
    expect(sent[0]?.output.summary).toBe("s\n\n_Showing the first 500 of 730 annotations._");
  });

  it("rethrows a failed update", async () => {
    mockGitHub().patch("/repos/acme/api/check-runs/4242").reply(404, { message: "Not Found", status: "404" });
    await expect(
      completeCheckRun(await installationOctokit(), repo, { checkRunId: 4242, conclusion: "success", title: "t", summary: "s" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
