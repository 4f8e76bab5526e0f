import { describe, expect, it } from "vitest";
import type { BlastRadius, RiskAssessment } from "../../src/domain/risk.js";
import { renderRisk } from "../../src/risk/assess-risk.js";

const blastRadius = (overrides: Partial<BlastRadius> = {}): BlastRadius => ({
  changedFiles: ["src/api/users.js"],
  importers: { "src/api/users.js": ["src/app.js"] },
  importersPartial: null,
  customerFacing: [],
  owners: {},
  dependencies: [],
  ...overrides,
});

const assessment = (overrides: Partial<RiskAssessment> = {}): RiskAssessment => ({
  level: "low",
  reasons: [{ factor: "changed_files", level: "low", detail: "1 file changed" }],
  blast: blastRadius(),
  assessedAt: "2026-11-20T10:00:00.000Z",
  headSha: "abc123",
  ...overrides,
});

describe("renderRisk", () => {
  it("heads the section with the level and lists every reason with its level", () => {
    const markdown = renderRisk(
      assessment({
        level: "high",
        reasons: [
          { factor: "customer_facing", level: "high", detail: "src/api/users.js matches customer_facing_paths `src/api/**`" },
          { factor: "changed_files", level: "low", detail: "1 file changed" },
        ],
        blast: blastRadius({ customerFacing: [{ path: "src/api/users.js", patterns: ["src/api/**"] }] }),
      }),
    );
    expect(markdown.split("\n")[0]).toBe("### Risk: HIGH");
    expect(markdown).toContain("- **high** customer\\_facing: src/api/users.js matches customer\\_facing\\_paths \\`src/api/\\*\\*\\`");
    expect(markdown).toContain("- **low** changed\\_files: 1 file changed");
    expect(markdown).toContain("- Customer-facing:\n  - `src/api/users.js` matches `src/api/**`");
  });

  it("states the blast radius: changed files, importers, owners and dependencies", () => {
    const markdown = renderRisk(
      assessment({
        level: "medium",
        blast: blastRadius({
          changedFiles: ["src/lib/db.js", "src/api/users.js"],
          importers: { "src/lib/db.js": ["src/a.js", "src/b.js"], "src/api/users.js": [] },
          owners: { "src/lib/db.js": ["@org/db-team"], "src/api/users.js": [] },
          dependencies: [
            {
              name: "lodash",
              ecosystem: "npm",
              fromVersion: "4.17.20",
              toVersion: "4.17.21",
              delta: "patch",
              scope: "runtime",
              relationship: "direct",
              otherRepositories: ["org/a", "org/b"],
            },
          ],
        }),
      }),
    );
    expect(markdown.split("\n")[0]).toBe("### Risk: MEDIUM");
    expect(markdown).toContain("- Changed files (2): `src/lib/db.js`, `src/api/users.js`");
    expect(markdown).toContain("- Importers:\n  - `src/lib/db.js` (2): `src/a.js`, `src/b.js`\n  - `src/api/users.js` (0): none");
    expect(markdown).toContain("- Owners:\n  - `src/lib/db.js`: `@org/db-team`\n  - `src/api/users.js`: no owner");
    expect(markdown).toContain("- Customer-facing: none");
    expect(markdown).toContain("  - `lodash` (npm) `4.17.20` → `4.17.21`: patch, runtime, direct; also in 2 other repositories: `org/a`, `org/b`");
  });

  it("shows up to 10 importers per file, then how many more", () => {
    const importers = Array.from({ length: 13 }, (_, i) => `src/f${String(i).padStart(2, "0")}.js`);
    const markdown = renderRisk(assessment({ blast: blastRadius({ importers: { "src/api/users.js": importers } }) }));
    const line = markdown.split("\n").find((l) => l.startsWith("  - `src/api/users.js` (13)"))!;
    expect(line).toContain("`src/f09.js` and 3 more");
    expect(line).not.toContain("src/f10.js");
  });

  it("says when the importer count is partial, and when no source file or CODEOWNERS exists", () => {
    const markdown = renderRisk(assessment({ blast: blastRadius({ importersPartial: "tree truncated" }) }));
    expect(markdown).toContain("- Importers (partial: tree truncated):");
    expect(markdown).toContain("- Owners: no CODEOWNERS file");
    expect(renderRisk(assessment({ blast: blastRadius({ importers: {} }) }))).toContain("- Importers: no changed source files");
  });

  it("escapes a hostile path everywhere it appears", () => {
    const hostile = "src/`evil`<img src=x onerror=alert(1)>.js";
    const markdown = renderRisk(
      assessment({
        level: "high",
        reasons: [{ factor: "customer_facing", level: "high", detail: `${hostile} matches customer_facing_paths \`src/**\`` }],
        blast: blastRadius({
          changedFiles: [hostile],
          importers: { [hostile]: ["src/[link](http://x).js"] },
          owners: { [hostile]: ["@a"] },
          customerFacing: [{ path: hostile, patterns: ["src/**"] }],
        }),
      }),
    );
    expect(markdown).toContain("src/\\`evil\\`&lt;img src=x onerror=alert(1)&gt;.js matches");
    // Inside a code span the path is inert: its fence is longer than any backtick run in it.
    const span = "``src/`evil`<img src=x onerror=alert(1)>.js``";
    expect(markdown.split(span).join("")).not.toMatch(/<img|`evil`/);
    expect(markdown.split(span)).toHaveLength(5);
    expect(markdown).toContain("`src/[link](http://x).js`");
  });

  it("escapes hostile package and repository names and does not ping owners named in reasons", () => {
    const markdown = renderRisk(
      assessment({
        reasons: [{ factor: "ownership", level: "low", detail: "a.js owned by @org/team, @alice" }],
        blast: blastRadius({
          owners: { "src/api/users.js": ["@org/team"] },
          dependencies: [
            {
              name: "evil|pkg`x",
              ecosystem: "npm<b>",
              fromVersion: "1.0.0",
              toVersion: "2.0.0",
              delta: "major",
              scope: "runtime",
              relationship: "direct",
              otherRepositories: ["org/*bold*"],
            },
          ],
        }),
      }),
    );
    expect(markdown).toContain("owned by @\u200Borg/team, @\u200Balice");
    expect(markdown).toContain("`@org/team`");
    expect(markdown).toContain("``evil\\|pkg`x`` (npm&lt;b&gt;)");
    expect(markdown).toContain("`org/*bold*`");
  });

  it("lists at most 50 changed files", () => {
    const changedFiles = Array.from({ length: 52 }, (_, i) => `f${i}.js`);
    const markdown = renderRisk(assessment({ blast: blastRadius({ changedFiles, importers: {} }) }));
    expect(markdown).toContain("- Changed files (52): ");
    expect(markdown).toContain("`f49.js` and 2 more");
  });
});
