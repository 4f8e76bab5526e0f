import { describe, expect, it } from "vitest";
import { renderConfigProblems, renderConfigValid, WHAT_TO_DO } from "../../src/config/render-config-problems.js";
import { defaultConfig } from "../../src/config/config.schema.js";
import type { ConfigFileRef, ConfigProblem } from "../../src/config/validate-config.js";

const repository = { owner: "acme", repo: "api" };
const own: ConfigFileRef = {
  owner: "acme",
  repo: "api",
  path: ".github/secfix.yml",
  url: "https://api.github.com/repos/acme/api/contents/.github%2Fsecfix.yml",
};
const org: ConfigFileRef = {
  owner: "acme",
  repo: ".github",
  path: ".github/secfix.yml",
  url: "https://api.github.com/repos/acme/.github/contents/.github%2Fsecfix.yml",
};

const slaProblem: ConfigProblem = {
  file: own,
  line: 3,
  column: 3,
  keyPath: "sla.critical",
  message: '`sla.critical` must be a duration like 30m, 24h or 7d, got "1 day"',
};

describe("renderConfigProblems", () => {
  it("lists each problem as a table row with file, line, key and message, and says what to do", () => {
    const output = renderConfigProblems([slaProblem], repository);
    expect(output.title).toBe(".github/secfix.yml is invalid: 1 problem");
    expect(output.summary).toContain("| File | Line | Setting | Problem |");
    expect(output.summary).toContain('| `.github/secfix.yml` | 3 | `sla.critical` | must be a duration like 30m, 24h or 7d, got "1 day" |');
    expect(output.summary).toContain(`**What to do:** ${WHAT_TO_DO}`);
    expect(WHAT_TO_DO).toBe("fix the file on the default branch; secfix acts on nothing in this repository until then.");
  });

  it("annotates the line in the repository's own file", () => {
    expect(renderConfigProblems([slaProblem], repository).annotations).toEqual([
      {
        path: ".github/secfix.yml",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        title: "secfix config: sla.critical",
        message: '`sla.critical` must be a duration like 30m, 24h or 7d, got "1 day"',
      },
    ]);
  });

  it("names an inherited file by repository and does not annotate it", () => {
    const inherited: ConfigProblem = { ...slaProblem, file: org, line: 7 };
    const output = renderConfigProblems([inherited], repository);
    expect(output.summary).toContain("| `acme/.github:.github/secfix.yml` | 7 | `sla.critical` |");
    expect(output.annotations).toEqual([]);
    expect(output.text).toContain("Some problems are in a file this repository inherits");
  });

  it("shows a YAML error for the whole file with its line", () => {
    const problem: ConfigProblem = {
      file: own,
      line: 4,
      column: 9,
      keyPath: "",
      message: "The file is not valid YAML: Nested mappings are not allowed in compact mappings",
    };
    const output = renderConfigProblems([problem], repository);
    expect(output.summary).toContain(
      "| `.github/secfix.yml` | 4 | (whole file) | The file is not valid YAML: Nested mappings are not allowed in compact mappings |",
    );
    expect(output.annotations).toMatchObject([{ start_line: 4, end_line: 4, title: "secfix config" }]);
  });

  it("shows a dash for an unknown line and does not annotate it", () => {
    const output = renderConfigProblems([{ ...slaProblem, line: null, column: null }], repository);
    expect(output.summary).toContain("| `.github/secfix.yml` | — | `sla.critical` |");
    expect(output.annotations).toEqual([]);
  });

  it("escapes user text so it cannot break the table, format, or inject HTML", () => {
    const hostile: ConfigProblem = {
      file: own,
      line: 2,
      column: 1,
      keyPath: "a|b`c",
      message: '`a|b`c` is not a secfix setting; got "<img src=x onerror=alert(1)> | **bold** [link](http://x)\nnext"',
    };
    const row = renderConfigProblems([hostile], repository).summary.split("\n").find((line) => line.includes("img"));
    expect(row).toBe(
      '| `.github/secfix.yml` | 2 | ``a\\|b`c`` | is not a secfix setting; got "&lt;img src=x onerror=alert(1)&gt; \\| \\*\\*bold\\*\\* \\[link\\](http://x) next" |',
    );
  });

  it("stays far below GitHub's 65,535-byte limit and says how many problems it left out", () => {
    const many: ConfigProblem[] = Array.from({ length: 2_000 }, (_, index) => ({
      file: own,
      line: index + 1,
      column: 1,
      keyPath: `unknown_${index}`,
      message: `\`unknown_${index}\` is not a secfix setting; the settings are ${"x, ".repeat(80)}`,
    }));
    const output = renderConfigProblems(many, repository);
    expect(Buffer.byteLength(output.summary, "utf8")).toBeLessThan(30_000);
    expect(Buffer.byteLength(output.text, "utf8")).toBeLessThan(30_000);
    const shown = output.summary.split("\n").filter((line) => line.startsWith("| `.github")).length;
    expect(output.summary).toContain(`…and ${2_000 - shown} more problems not shown here`);
    expect(output.summary).toContain(WHAT_TO_DO);
    expect(output.title).toBe(".github/secfix.yml is invalid: 2000 problems");
    expect(output.annotations).toHaveLength(50);
  });
});

describe("renderConfigValid", () => {
  it("says the configuration is valid and where it was read from", () => {
    const output = renderConfigValid({ status: "valid", config: defaultConfig(), files: [org, own] });
    expect(output.title).toBe("secfix configuration is valid");
    expect(output.summary).toBe("The configuration is valid; secfix acts on this repository with it.");
    expect(output.text).toBe("Read from, most general first:\n\n- `acme/.github:.github/secfix.yml`\n- `acme/api:.github/secfix.yml`");
  });

  it("says defaults apply when there is no file", () => {
    const output = renderConfigValid({ status: "missing", config: defaultConfig() });
    expect(output.title).toBe("No secfix configuration: defaults apply");
    expect(output.summary).toContain("There is no `.github/secfix.yml`");
  });
});
