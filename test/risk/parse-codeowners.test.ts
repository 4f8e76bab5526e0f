import { describe, expect, it } from "vitest";
import { CODEOWNERS_PATHS, codeownersMatcher, ownersOf, parseCodeowners } from "../../src/risk/parse-codeowners.js";

const matches = (pattern: string, path: string) => codeownersMatcher(pattern).test(path);

describe("parseCodeowners", () => {
  it("reads rules with their line numbers and skips comments and blank lines", () => {
    const { rules, errors } = parseCodeowners(["# owners", "", "*       @octo/everyone", "  ", "*.js @alice bob@example.com # inline comment", "/docs/ @writers"].join("\n"));
    expect(errors).toEqual([]);
    expect(rules).toEqual([
      { pattern: "*", owners: ["@octo/everyone"], line: 3 },
      { pattern: "*.js", owners: ["@alice", "bob@example.com"], line: 5 },
      { pattern: "/docs/", owners: ["@writers"], line: 6 },
    ]);
  });

  it("accepts a pattern without owners as a rule that owns nothing", () => {
    const { rules, errors } = parseCodeowners("/apps/ @octocat\n/apps/github\n");
    expect(errors).toEqual([]);
    expect(rules[1]).toEqual({ pattern: "/apps/github", owners: [], line: 2 });
  });

  it("handles CRLF line endings and a byte order mark", () => {
    const { rules } = parseCodeowners("\uFEFF*.ts @a\r\n*.md @b\r\n");
    expect(rules.map((r) => [r.pattern, r.line])).toEqual([
      ["*.ts", 1],
      ["*.md", 2],
    ]);
  });

  it("keeps escaped spaces inside a pattern", () => {
    const { rules } = parseCodeowners("docs/my\\ file.md @a\n");
    expect(rules[0]!.pattern).toBe("docs/my\\ file.md");
    expect(ownersOf(rules, "docs/my file.md")).toEqual(["@a"]);
  });

  it("reports negation, ranges and escaped hashes as errors and skips those lines", () => {
    const text = ["*.js @a", "!vendor/*.js @b", "src/[ab].js @c", "\\#notes.md @d", "*.md @e"].join("\n");
    const { rules, errors } = parseCodeowners(text);
    expect(rules.map((r) => r.line)).toEqual([1, 5]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0]!.message).toMatch(/negation/);
    expect(errors[1]!.message).toMatch(/\[ \]/);
    expect(errors[2]!.message).toMatch(/escaping/);
  });

  it("reports an owner that is neither @user, @org/team nor an email", () => {
    const { rules, errors } = parseCodeowners("*.js @alice not-an-owner\nsrc/ @org/team-x user_emu@corp.example\n");
    expect(errors).toEqual([{ line: 1, message: expect.stringMatching(/"not-an-owner" is not an owner/) }]);
    expect(rules).toEqual([{ pattern: "src/", owners: ["@org/team-x", "user_emu@corp.example"], line: 2 }]);
  });

  it("returns nothing for an empty file", () => {
    expect(parseCodeowners("")).toEqual({ rules: [], errors: [] });
  });
});

describe("ownersOf", () => {
  it("lets the last matching rule win, even when an earlier one is more specific", () => {
    const { rules } = parseCodeowners("src/api/ @api-team\n* @everyone\n");
    expect(ownersOf(rules, "src/api/users.js")).toEqual(["@everyone"]);
    const reordered = parseCodeowners("* @everyone\nsrc/api/ @api-team\n").rules;
    expect(ownersOf(reordered, "src/api/users.js")).toEqual(["@api-team"]);
    expect(ownersOf(reordered, "README.md")).toEqual(["@everyone"]);
  });

  it("returns no owners when the last match has none, and when nothing matches", () => {
    const { rules } = parseCodeowners("/apps/ @octocat\n/apps/github\n");
    expect(ownersOf(rules, "apps/web/index.js")).toEqual(["@octocat"]);
    expect(ownersOf(rules, "apps/github/index.js")).toEqual([]);
    expect(ownersOf(rules, "lib/index.js")).toEqual([]);
  });

  it("ignores a leading ./ or / on the path asked about", () => {
    const { rules } = parseCodeowners("/src/ @a\n");
    expect(ownersOf(rules, "./src/a.ts")).toEqual(["@a"]);
    expect(ownersOf(rules, "/src/a.ts")).toEqual(["@a"]);
  });

  it("returns a copy the caller may change", () => {
    const { rules } = parseCodeowners("* @a\n");
    ownersOf(rules, "x").push("@b");
    expect(rules[0]!.owners).toEqual(["@a"]);
  });
});

describe("CODEOWNERS pattern semantics", () => {
  it("matches a slash-less pattern at any depth", () => {
    expect(matches("*.js", "a.js")).toBe(true);
    expect(matches("*.js", "a/b/c.js")).toBe(true);
    expect(matches("*.js", "a/b/c.ts")).toBe(false);
    expect(matches("Makefile", "tools/build/Makefile")).toBe(true);
  });

  it("anchors a pattern with a leading slash to the root", () => {
    expect(matches("/build/", "build/out/app.js")).toBe(true);
    expect(matches("/build/", "src/build/app.js")).toBe(false);
    expect(matches("/README.md", "README.md")).toBe(true);
    expect(matches("/README.md", "docs/README.md")).toBe(false);
  });

  it("anchors a pattern with a slash in the middle to the root", () => {
    expect(matches("docs/api", "docs/api/index.md")).toBe(true);
    expect(matches("docs/api", "site/docs/api/index.md")).toBe(false);
  });

  it("owns everything under a directory named with a trailing slash, at any depth", () => {
    expect(matches("apps/", "apps/x/y")).toBe(true);
    expect(matches("apps/", "services/apps/x.js")).toBe(true);
    expect(matches("apps/", "apps")).toBe(false); // a file named apps is not the directory
    expect(matches("apps/", "myapps/x.js")).toBe(false);
  });

  it("owns everything under a directory named without a trailing slash", () => {
    expect(matches("/apps/github", "apps/github/deep/file.rb")).toBe(true);
    expect(matches("/apps/github", "apps/github")).toBe(true);
    expect(matches("/apps/github", "apps/githubber/file.rb")).toBe(false);
  });

  it("lets docs/* match direct children only", () => {
    expect(matches("docs/*", "docs/a.md")).toBe(true);
    expect(matches("docs/*", "docs/x/a.md")).toBe(false);
    expect(matches("docs/*", "other/docs/a.md")).toBe(false);
  });

  it("matches a leading **/ at any depth, including the root", () => {
    expect(matches("**/logs", "logs/a.log")).toBe(true);
    expect(matches("**/logs", "build/logs/a.log")).toBe(true);
    expect(matches("**/logs", "deeply/nested/logs/a.log")).toBe(true);
    expect(matches("**/logs", "deeply/nested/catalogs/a.log")).toBe(false);
  });

  it("matches a middle /**/ as zero or more directories and a trailing /** as everything below", () => {
    expect(matches("src/**/test", "src/test/a.js")).toBe(true);
    expect(matches("src/**/test", "src/a/b/test/a.js")).toBe(true);
    expect(matches("src/**/test", "lib/src/test/a.js")).toBe(false);
    expect(matches("/docs/**", "docs/a/b/c.md")).toBe(true);
    expect(matches("/docs/**", "docs")).toBe(false);
  });

  it("keeps * and ? within one path segment", () => {
    expect(matches("src/*.js", "src/a.js")).toBe(true);
    expect(matches("src/*.js", "src/lib/a.js")).toBe(false);
    expect(matches("src/?.js", "src/a.js")).toBe(true);
    expect(matches("src/?.js", "src/ab.js")).toBe(false);
    expect(matches("src/?.js", "src//.js")).toBe(false);
  });

  it("matches everything with a lone *", () => {
    expect(matches("*", "a")).toBe(true);
    expect(matches("*", "a/b/c.txt")).toBe(true);
    expect(matches("*", ".github/workflows/ci.yml")).toBe(true);
  });

  it("treats regular-expression characters in patterns literally", () => {
    expect(matches("/a+b(c).js", "a+b(c).js")).toBe(true);
    expect(matches("/a+b(c).js", "aab(c).js")).toBe(false);
    expect(matches("*.js", "a.jsx")).toBe(false);
    expect(matches("*.js", "ajs")).toBe(false);
  });

  it("never matches the bare root pattern", () => {
    expect(matches("/", "a.js")).toBe(false);
  });
});

describe("CODEOWNERS_PATHS", () => {
  it("lists the locations in GitHub's lookup order", () => {
    expect(CODEOWNERS_PATHS).toEqual([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
  });
});
