import { describe, expect, it } from "vitest";
import { headAtTime } from "../../src/github/head-at-time.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "o", repo: "r" };
const activity = (after: string, timestamp: string, activity_type = "push") => ({ id: 1, node_id: "A", before: "0".repeat(40), after, ref: "refs/heads/secfix/x", timestamp, activity_type, actor: null });

function log(entries: unknown[], status = 200) {
  mockGitHub().get("/repos/o/r/activity").query({ ref: "refs/heads/secfix/x", direction: "desc", per_page: "100" }).reply(status, status === 200 ? entries : { message: "Forbidden" });
}

describe("headAtTime", () => {
  it("gives the commit of the newest push at or before the moment", async () => {
    log([activity("c".repeat(40), "2026-11-25T12:00:01Z"), activity("b".repeat(40), "2026-11-25T12:00:00Z", "force_push"), activity("a".repeat(40), "2026-11-25T11:00:00Z", "branch_creation")]);
    expect(await headAtTime(await installationOctokit(), repo, "secfix/x", "2026-11-25T12:00:00Z")).toEqual({ status: "found", sha: "b".repeat(40), pushedAt: "2026-11-25T12:00:00Z" });
  });

  it("skips activity that does not move the branch, such as a merge queue entry for another ref", async () => {
    log([activity("d".repeat(40), "2026-11-25T10:00:00Z", "pr_merge"), activity("a".repeat(40), "2026-11-25T09:00:00Z")]);
    expect(await headAtTime(await installationOctokit(), repo, "secfix/x", "2026-11-25T12:00:00Z")).toMatchObject({ sha: "a".repeat(40) });
  });

  it("says it does not know when every recorded push came later", async () => {
    log([activity("c".repeat(40), "2026-11-25T12:00:01Z")]);
    expect(await headAtTime(await installationOctokit(), repo, "secfix/x", "2026-11-25T12:00:00Z")).toEqual({
      status: "unknown",
      reason: "no push to secfix/x at or before 2026-11-25T12:00:00Z among its latest 1 moves",
    });
  });

  it("says it does not know when GitHub will not show the log", async () => {
    log([], 403);
    expect(await headAtTime(await installationOctokit(), repo, "secfix/x", "2026-11-25T12:00:00Z")).toEqual({ status: "unknown", reason: "GitHub would not list the branch's pushes (HTTP 403)" });
  });
});
