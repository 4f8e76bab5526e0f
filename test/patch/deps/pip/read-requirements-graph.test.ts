import { describe, expect, it } from "vitest";
import type { RepoFiles } from "../../../../src/domain/dependency-fix.js";
import { readRequirementsGraph } from "../../../../src/patch/deps/pip/read-requirements-graph.js";

function repoFiles(files: Record<string, string>): RepoFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (path) => {
      reads.push(path);
      return files[path] ?? null;
    },
  };
}

describe("readRequirementsGraph", () => {
  it("reads includes breadth first, relative to the including file, each file once even in a cycle", async () => {
    const files = repoFiles({
      "req/dev.txt": "-r base.txt\n-c ../constraints.txt\n",
      "req/base.txt": "-r dev.txt\nflask\n",
      "constraints.txt": "-r req/base.txt\n",
    });
    const graph = await readRequirementsGraph("req/main.txt", "-r dev.txt\n", files);
    expect(graph.files.map((f) => f.path)).toEqual(["req/main.txt", "req/dev.txt", "req/base.txt", "constraints.txt"]);
    expect(files.reads).toEqual(["req/dev.txt", "req/base.txt", "constraints.txt"]);
    expect(graph.unresolved).toEqual([]);
  });

  it("does not follow URLs or paths outside the repository, and says so", async () => {
    const graph = await readRequirementsGraph(
      "requirements.txt",
      "-r https://example.org/reqs.txt\n-r ../../outside.txt\n-r /etc/reqs.txt\n-r missing.txt\n",
      repoFiles({}),
    );
    expect(graph.unresolved).toEqual([
      "https://example.org/reqs.txt (included by requirements.txt line 1): a URL, which secfix does not follow",
      "../../outside.txt (included by requirements.txt line 2): outside the repository",
      "/etc/reqs.txt (included by requirements.txt line 3): outside the repository",
      "missing.txt (included by requirements.txt line 4): not in the repository",
    ]);
  });

  it("stops after 50 files", async () => {
    const chain: Record<string, string> = {};
    for (let i = 1; i <= 60; i += 1) chain[`r${i}.txt`] = `-r r${i + 1}.txt\n`;
    const graph = await readRequirementsGraph("r0.txt", "-r r1.txt\n", repoFiles(chain));
    expect(graph.files).toHaveLength(50);
    expect(graph.unresolved).toEqual(["r50.txt (included by r49.txt line 1): more than 50 included files"]);
  });
});
