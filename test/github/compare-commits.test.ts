import { describe, expect, it } from "vitest";
import { compareCommits } from "../../src/github/compare-commits.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";
import { installationOctokit } from "./installation-octokit.js";

useStrictGitHub();

const repo = { owner: "acme", repo: "api" };
const headSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const mergeBase = "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d";

function account(login: string, type: "User" | "Bot", id: number) {
  return { login, id, node_id: `MDQ6VXNlcj${id}`, avatar_url: `https://avatars.githubusercontent.com/u/${id}`, gravatar_id: "", url: `https://api.github.com/users/${encodeURIComponent(login)}`, html_url: `https://github.com/${login}`, type, site_admin: false };
}

const bot = account("secfix[bot]", "Bot", 990001);
const web = account("web-flow", "User", 19864447);
const alice = account("alice", "User", 583231);

/** A commit as the compare endpoint lists it (GitHub's example, trimmed of URLs we do not read). */
function commit(sha: string, author: ReturnType<typeof account> | null, committer: ReturnType<typeof account> | null) {
  return {
    url: `https://api.github.com/repos/acme/api/commits/${sha}`,
    sha,
    node_id: "MDY6Q29tbWl0NmRjYjA5YjViNTc4NzVmMzM0ZjYxYWViZWQ2OTVlMmU0MTkzZGI1ZQ==",
    html_url: `https://github.com/acme/api/commit/${sha}`,
    comments_url: `https://api.github.com/repos/acme/api/commits/${sha}/comments`,
    commit: {
      url: `https://api.github.com/repos/acme/api/git/commits/${sha}`,
      author: { name: author?.login ?? "Someone", email: "someone@example.com", date: "2024-05-04T01:14:52Z" },
      committer: { name: "GitHub", email: "noreply@github.com", date: "2024-05-04T01:14:52Z" },
      message: "Fix the vulnerable dependency",
      tree: { url: "https://api.github.com/repos/acme/api/git/trees/6dcb09b5", sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e" },
      comment_count: 0,
      verification: { verified: true, reason: "valid", signature: null, payload: null, verified_at: "2024-05-04T01:14:52Z" },
    },
    author,
    committer,
    parents: [{ url: `https://api.github.com/repos/acme/api/commits/${mergeBase}`, sha: mergeBase }],
  };
}

function file(filename: string, status: string, previous?: string) {
  return {
    sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
    filename,
    status,
    additions: 1,
    deletions: 1,
    changes: 2,
    blob_url: `https://github.com/acme/api/blob/${headSha}/${filename}`,
    raw_url: `https://github.com/acme/api/raw/${headSha}/${filename}`,
    contents_url: `https://api.github.com/repos/acme/api/contents/${filename}?ref=${headSha}`,
    patch: "@@ -1 +1 @@\n-a\n+b",
    ...(previous ? { previous_filename: previous } : {}),
  };
}

function comparison(commits: ReturnType<typeof commit>[], files: ReturnType<typeof file>[], counts: { ahead: number; behind: number }) {
  const mergeBaseCommit = commit(mergeBase, alice, web);
  return {
    url: `https://api.github.com/repos/acme/api/compare/main...${headSha}`,
    html_url: `https://github.com/acme/api/compare/main...${headSha}`,
    permalink_url: `https://github.com/acme/api/compare/acme:7fd1a60...acme:6dcb09b`,
    diff_url: `https://github.com/acme/api/compare/main...${headSha}.diff`,
    patch_url: `https://github.com/acme/api/compare/main...${headSha}.patch`,
    base_commit: mergeBaseCommit,
    merge_base_commit: mergeBaseCommit,
    status: counts.behind > 0 ? "diverged" : "ahead",
    ahead_by: counts.ahead,
    behind_by: counts.behind,
    total_commits: counts.ahead,
    commits,
    files,
  };
}

const sha = (n: number) => n.toString(16).padStart(40, "0");

describe("compareCommits", () => {
  it("reports how far head is ahead and behind, its merge base, files and commit authors", async () => {
    mockGitHub()
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "1" })
      .reply(
        200,
        comparison(
          [commit(sha(1), bot, web), commit(headSha, alice, alice), commit(sha(2), null, null)],
          [file("package.json", "modified"), file("src/new.ts", "added"), file("lib/util.ts", "renamed", "src/util.ts")],
          { ahead: 3, behind: 2 },
        ),
      );

    const result = await compareCommits(await installationOctokit(), repo, "main", headSha);

    expect(result).toEqual({
      aheadBy: 3,
      behindBy: 2,
      mergeBaseSha: mergeBase,
      files: [
        { path: "package.json", status: "modified", previousPath: null },
        { path: "src/new.ts", status: "added", previousPath: null },
        { path: "lib/util.ts", status: "renamed", previousPath: "src/util.ts" },
      ],
      filesTruncated: false,
      commits: [
        { sha: sha(1), authorLogin: "secfix[bot]", committerLogin: "web-flow", authorType: "Bot" },
        { sha: headSha, authorLogin: "alice", committerLogin: "alice", authorType: "User" },
        { sha: sha(2), authorLogin: null, committerLogin: null, authorType: null },
      ],
      commitsTruncated: false,
    });
  });

  it("pages through commits beyond the first hundred, keeping their order", async () => {
    const first = Array.from({ length: 100 }, (_, i) => commit(sha(i + 1), bot, web));
    mockGitHub()
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "1" })
      .reply(200, comparison(first, [file("package.json", "modified")], { ahead: 102, behind: 0 }))
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "2" })
      .reply(200, comparison([commit(sha(101), bot, web), commit(headSha, alice, web)], [], { ahead: 102, behind: 0 }));

    const result = await compareCommits(await installationOctokit(), repo, "main", headSha);

    expect(result.commits).toHaveLength(102);
    expect(result.commits.at(-1)).toEqual({ sha: headSha, authorLogin: "alice", committerLogin: "web-flow", authorType: "User" });
    expect(result.files).toEqual([{ path: "package.json", status: "modified", previousPath: null }]);
    expect(result.commitsTruncated).toBe(false);
  });

  it("flags files as truncated when GitHub's 300-file cap is reached", async () => {
    const files = Array.from({ length: 300 }, (_, i) => file(`src/f${i}.ts`, "modified"));
    mockGitHub()
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "1" })
      .reply(200, comparison([commit(headSha, bot, web)], files, { ahead: 1, behind: 0 }));

    const result = await compareCommits(await installationOctokit(), repo, "main", headSha);

    expect(result.files).toHaveLength(300);
    expect(result.filesTruncated).toBe(true);
  });

  it("stops listing commits at a thousand and says so", async () => {
    const scope = mockGitHub();
    for (let page = 1; page <= 10; page++) {
      const commits = Array.from({ length: 100 }, (_, i) => commit(sha((page - 1) * 100 + i + 1), bot, web));
      scope
        .get(`/repos/acme/api/compare/main...${headSha}`)
        .query({ per_page: "100", page: String(page) })
        .reply(200, comparison(commits, page === 1 ? [file("a.ts", "modified")] : [], { ahead: 1500, behind: 0 }));
    }

    const result = await compareCommits(await installationOctokit(), repo, "main", headSha);

    expect(result.commits).toHaveLength(1000);
    expect(result.commitsTruncated).toBe(true);
  });

  it("stops paging when GitHub returns an empty page early", async () => {
    mockGitHub()
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "1" })
      .reply(200, comparison(Array.from({ length: 100 }, (_, i) => commit(sha(i + 1), bot, web)), [], { ahead: 250, behind: 0 }))
      .get(`/repos/acme/api/compare/main...${headSha}`)
      .query({ per_page: "100", page: "2" })
      .reply(200, comparison([], [], { ahead: 250, behind: 0 }));

    const result = await compareCommits(await installationOctokit(), repo, "main", headSha);
    expect(result.commits).toHaveLength(100);
  });

  it("encodes a base branch with a slash inside the base...head segment", async () => {
    mockGitHub()
      .get(`/repos/acme/api/compare/release%2F2.x...${headSha}`)
      .query({ per_page: "100", page: "1" })
      .reply(200, comparison([commit(headSha, bot, web)], [], { ahead: 1, behind: 0 }));

    const result = await compareCommits(await installationOctokit(), repo, "release/2.x", headSha);
    expect(result.aheadBy).toBe(1);
  });

  it("throws a 404 when base or head is unknown", async () => {
    mockGitHub().get(`/repos/acme/api/compare/main...${headSha}`).query(true).reply(404, { message: "Not Found" });
    await expect(compareCommits(await installationOctokit(), repo, "main", headSha)).rejects.toMatchObject({ status: 404 });
  });
});
