import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config.schema.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import type { RiskAssessment } from "../../src/domain/risk.js";
import type { PullDetails } from "../../src/github/get-pull-details.js";
import { settleApproval } from "../../src/pipeline/settle-approval.js";
import { installationOctokit } from "../github/installation-octokit.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { fixAttempt, HEAD, NEWER_HEAD, OWNER, REPO } from "./command-fixtures.js";

useStrictGitHub();

const config = configSchema.parse({ customer_facing_paths: ["src/api/**"], approvers: { customer_facing: ["api-owners"], ruleset: false } });
const risk: RiskAssessment = {
  level: "medium",
  reasons: [],
  blast: { changedFiles: ["src/api/users.js"], importers: {}, importersPartial: null, customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }], owners: {}, dependencies: [] },
  assessedAt: "2026-11-25T11:00:00.000Z",
  headSha: HEAD,
};
const pull = (headSha: string) => ({ number: 21, headSha, baseRef: "master" }) as PullDetails;

function withCommandGrant(): FixAttempt {
  const attempt = fixAttempt();
  return {
    ...attempt,
    approval: {
      ...attempt.approval!,
      commandGrants: [{ by: "alice", sha: HEAD, reviewId: 900_001, reasons: ["customer_facing"], at: "2026-11-25T12:00:00.000Z", via: "command" }],
    },
  };
}

describe("settleApproval with /secfix approve grants", () => {
  it("counts an approval given by command for the head it was bound to", async () => {
    const github = mockGitHub();
    github.get(`/repos/${OWNER}/${REPO}/pulls/21/reviews`).query(true).reply(200, []);
    let check: Record<string, unknown> | undefined;
    github.post(`/repos/${OWNER}/${REPO}/check-runs`, (sent) => ((check = sent), true)).reply(201, { id: 9 });
    const outcome = await settleApproval({
      github: await installationOctokit(),
      coordinates: { owner: OWNER, repo: REPO },
      config,
      attempt: withCommandGrant(),
      pull: pull(HEAD),
      risk,
      authors: async () => new Set(),
      now: "2026-11-25T12:01:00.000Z",
    });
    expect(outcome.met).toBe(true);
    expect(check).toMatchObject({ name: "secfix/approval", head_sha: HEAD, conclusion: "success", output: { title: "Approved by alice" } });
    expect(outcome.notes.map((note) => note.action)).not.toContain("fix.approval_granted");
  });

  it("drops it once the head moves: a new push needs a new approval", async () => {
    const github = mockGitHub();
    github.get(`/repos/${OWNER}/${REPO}/pulls/21/reviews`).query(true).reply(200, []);
    github
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (sent: { head_sha: string; conclusion: string }) => sent.head_sha === NEWER_HEAD && sent.conclusion === "action_required")
      .reply(201, { id: 10 });
    const outcome = await settleApproval({
      github: await installationOctokit(),
      coordinates: { owner: OWNER, repo: REPO },
      config,
      attempt: withCommandGrant(),
      pull: pull(NEWER_HEAD),
      risk,
      authors: async () => new Set(),
      now: "2026-11-25T12:05:00.000Z",
    });
    expect(outcome.met).toBe(false);
    expect(outcome.approval!.grants).toEqual([]);
  });
});
