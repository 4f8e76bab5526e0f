import { describe, expect, it } from "vitest";
import { EVIDENCE_MARKER, EVIDENCE_MAX_CHARS, evidenceBody, upsertEvidenceComment } from "../../src/github/evidence-comment.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const body = "## secfix evidence\n\n| gate | result |\n| --- | --- |\n| tests | passed |";
const marked = `${EVIDENCE_MARKER}\n${body}`;

const secfixApp = { id: 901, slug: "secfix", node_id: "A_kwHOsecfix", name: "secfix", owner: { login: "acme" } };

function comment(id: number, text: string, author: { login: string; type: "Bot" | "User" }, viaApp: boolean) {
  return {
    id,
    node_id: `IC_kwDO${id}`,
    url: `https://api.github.com/repos/acme/api/issues/comments/${id}`,
    html_url: `https://github.com/acme/api/pull/7#issuecomment-${id}`,
    issue_url: "https://api.github.com/repos/acme/api/issues/7",
    body: text,
    user: { login: author.login, id: id + 1000, type: author.type },
    author_association: author.type === "Bot" ? "NONE" : "MEMBER",
    created_at: "2026-05-04T10:00:00Z",
    updated_at: "2026-05-04T10:00:00Z",
    performed_via_github_app: viaApp ? secfixApp : null,
  };
}

const bot = { login: "secfix[bot]", type: "Bot" } as const;
const human = { login: "mallory", type: "User" } as const;

describe("upsertEvidenceComment", () => {
  it("edits the known comment in place, with the marker first", async () => {
    const scope = mockGitHub().patch("/repos/acme/api/issues/comments/555", { body: marked }).reply(200, comment(555, marked, bot, true));

    const id = await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: 555, body });

    expect(id).toBe(555);
    expect(scope.isDone()).toBe(true);
  });

  it("creates the comment when there is no id and no earlier evidence comment", async () => {
    const scope = mockGitHub()
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [comment(1, "LGTM", human, false)])
      .post("/repos/acme/api/issues/7/comments", { body: marked })
      .reply(201, comment(600, marked, bot, true));

    expect(await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: null, body })).toBe(600);
    expect(scope.isDone()).toBe(true);
  });

  it("finds and edits its own earlier comment when the stored one was deleted", async () => {
    const scope = mockGitHub()
      .patch("/repos/acme/api/issues/comments/555")
      .reply(404, { message: "Not Found", status: "404" })
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [comment(1, "LGTM", human, false), comment(700, `${EVIDENCE_MARKER}\nold evidence`, bot, true)])
      .patch("/repos/acme/api/issues/comments/700", { body: marked })
      .reply(200, comment(700, marked, bot, true));

    expect(await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: 555, body })).toBe(700);
    expect(scope.isDone()).toBe(true);
  });

  it("does not adopt a human's comment that quotes the marker", async () => {
    const scope = mockGitHub()
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [comment(10, `> ${EVIDENCE_MARKER}\n> all gates passed`, human, false)])
      .post("/repos/acme/api/issues/7/comments", { body: marked })
      .reply(201, comment(601, marked, bot, true));

    expect(await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: null, body })).toBe(601);
    expect(scope.isDone()).toBe(true);
  });

  it("does not adopt a bot comment that was not made through a GitHub App", async () => {
    mockGitHub()
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [comment(11, EVIDENCE_MARKER, { login: "ci-bot", type: "Bot" }, false)])
      .post("/repos/acme/api/issues/7/comments")
      .reply(201, comment(602, marked, bot, true));

    expect(await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: null, body })).toBe(602);
  });

  it("looks through every page of comments", async () => {
    mockGitHub()
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [comment(1, "first", human, false)], {
        link: '<https://api.github.com/repos/acme/api/issues/7/comments?per_page=100&page=2>; rel="next"',
      })
      .get("/repos/acme/api/issues/7/comments")
      .query({ per_page: "100", page: "2" })
      .reply(200, [comment(800, `${EVIDENCE_MARKER}\nold`, bot, true)])
      .patch("/repos/acme/api/issues/comments/800")
      .reply(200, comment(800, marked, bot, true));

    expect(await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: null, body })).toBe(800);
  });

  it("keeps a body that already starts with the marker as it is", async () => {
    const scope = mockGitHub().patch("/repos/acme/api/issues/comments/555", { body: marked }).reply(200, comment(555, marked, bot, true));
    await upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: 555, body: marked });
    expect(scope.isDone()).toBe(true);
  });

  it("rethrows failures other than a deleted comment", async () => {
    mockGitHub().patch("/repos/acme/api/issues/comments/555").reply(403, { message: "Resource not accessible by integration", status: "403" });
    await expect(upsertEvidenceComment(await installationOctokit(), repo, { pullNumber: 7, commentId: 555, body })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("evidenceBody", () => {
  it("truncates an oversized body to the limit with a note", () => {
    const result = evidenceBody("x".repeat(100_000));
    expect(result.length).toBe(EVIDENCE_MAX_CHARS);
    expect(result.startsWith(`${EVIDENCE_MARKER}\nxxx`)).toBe(true);
    expect(result).toMatch(/evidence truncated/);
  });

  it("leaves a body at the limit untouched", () => {
    const exact = `${EVIDENCE_MARKER}\n${"y".repeat(EVIDENCE_MAX_CHARS - EVIDENCE_MARKER.length - 1)}`;
    expect(evidenceBody(exact)).toBe(exact);
  });

  // Both parities, so one of them puts the cut right after a pair's first half.
  it.each(["", "a"])("does not split a surrogate pair when truncating (prefix %j)", (prefix) => {
    const result = evidenceBody(prefix + "🔒".repeat(40_000));
    const kept = result.slice(0, result.indexOf("\n\n_…"));
    expect(kept.endsWith("🔒")).toBe(true);
    expect(result.length).toBeLessThanOrEqual(EVIDENCE_MAX_CHARS);
  });
});
