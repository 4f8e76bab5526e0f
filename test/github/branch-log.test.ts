import { describe, expect, it } from "vitest";
import { branchPushers, headBefore, readBranchLog, type BranchMove } from "../../src/github/branch-log.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "o", repo: "r" };
const activity = (after: string, timestamp: string, activity_type: string, actor: string | null) => ({
  id: 1,
  node_id: "A",
  before: "0".repeat(40),
  after,
  ref: "refs/heads/secfix/x",
  timestamp,
  activity_type,
  actor: actor === null ? null : { login: actor, id: 1, type: "User" },
});
const log = (status: number, entries: unknown[] = []) =>
  mockGitHub().get("/repos/o/r/activity").query({ ref: "refs/heads/secfix/x", direction: "desc", per_page: "100" }).reply(status, status === 200 ? entries : { message: "Forbidden" });

describe("readBranchLog", () => {
  it("keeps the moves of the branch, newest first, with who pushed", async () => {
    log(200, [activity("c".repeat(40), "2026-11-25T12:00:01Z", "force_push", "mallory"), activity("d".repeat(40), "2026-11-25T11:30:00Z", "pr_merge", "x"), activity("a".repeat(40), "2026-11-25T11:00:00Z", "branch_creation", null)]);
    expect(await readBranchLog(await installationOctokit(), repo, "secfix/x")).toEqual({
      status: "read",
      moves: [
        { sha: "c".repeat(40), at: "2026-11-25T12:00:01Z", actor: "mallory", type: "force_push" },
        { sha: "a".repeat(40), at: "2026-11-25T11:00:00Z", actor: null, type: "branch_creation" },
      ],
    });
  });

  it("says it does not know when GitHub will not show the log", async () => {
    log(403);
    expect(await readBranchLog(await installationOctokit(), repo, "secfix/x")).toEqual({ status: "unknown", reason: "GitHub would not list the branch's pushes (HTTP 403)" });
  });
});

const moves: BranchMove[] = [
  { sha: "c".repeat(40), at: "2026-11-25T12:00:00Z", actor: "Mallory", type: "push" },
  { sha: "b".repeat(40), at: "2026-11-25T11:59:59Z", actor: "secfix[bot]", type: "push" },
  { sha: "a".repeat(40), at: "2026-11-25T11:00:00Z", actor: null, type: "branch_creation" },
];

describe("headBefore", () => {
  it("is the newest move strictly before the moment: a push in the same second may not have been seen", () => {
    expect(headBefore(moves, "2026-11-25T12:00:00Z")?.sha).toBe("b".repeat(40));
    expect(headBefore(moves, "2026-11-25T12:00:01Z")?.sha).toBe("c".repeat(40));
    expect(headBefore(moves, "2026-11-25T10:00:00Z")).toBeNull();
  });
});

describe("branchPushers", () => {
  it("names everyone but secfix who pushed, lower-cased", () => {
    expect(branchPushers(moves, "secfix[bot]")).toEqual(new Set(["mallory"]));
  });
});
