import { describe, expect, it } from "vitest";
import { scanToml } from "../../../../src/patch/deps/pip/scan-toml.js";
import { TomlScanError } from "../../../../src/patch/deps/pip/toml-scan-error.js";

describe("scanToml", () => {
  it("finds arrays under tables and dotted keys, with each string's place in the file", () => {
    const text = [
      "# a project",
      "[project]",
      'name = "demo"',
      "dependencies = [",
      '  "requests>=2.0",  # http',
      "  'flask[async] ==2.0 ; python_version >= \"3.8\"',",
      "]",
      "",
      "[project.optional-dependencies]",
      'dev = ["pytest>=7", "ruff"]',
      '"test-extra" = []',
      "",
      "[tool.other]",
      'project.dependencies = ["not-this"]',
    ].join("\n");
    const entries = scanToml(text);
    const deps = entries.find((e) => e.path.join(".") === "project.dependencies")!;
    expect(deps.kind).toBe("array");
    expect(deps.items.map((item) => [item.value, text.slice(item.start, item.end), item.verbatim])).toEqual([
      ["requests>=2.0", '"requests>=2.0"', true],
      ['flask[async] ==2.0 ; python_version >= "3.8"', "'flask[async] ==2.0 ; python_version >= \"3.8\"'", true],
    ]);
    expect(entries.find((e) => e.path.join(".") === "project.optional-dependencies.dev")!.items.map((i) => i.value)).toEqual(["pytest>=7", "ruff"]);
    expect(entries.some((e) => e.path.join(".") === "project.optional-dependencies.test-extra")).toBe(true);
    expect(entries.find((e) => e.path.join(".") === "tool.other.project.dependencies")!.items.map((i) => i.value)).toEqual(["not-this"]);
  });

  it("steps over every string form, nested arrays, inline tables, dates and comments", () => {
    const text = [
      'title = """',
      'multi "quoted" ] line \\"""',
      "still the string \\",
      '"""',
      "raw = '''",
      "C:\\path ] [",
      "'''",
      'escaped = "tab\\there \\u00e9 \\"q\\""',
      "when = 1979-05-27 07:32:00Z",
      "nested = [[1, 2], [\"a\", 'b'], { x = [3] }]",
      "[tool.poetry.dependencies]",
      'python = "^3.10"',
      'Foo_Bar = { version = "^1.2", extras = ["x"] }',
      "[[tool.uv.index]]",
      'url = "https://example.org/simple"',
    ].join("\r\n");
    const entries = scanToml(text);
    expect(entries.map((e) => e.path.join("."))).toEqual([
      "title",
      "raw",
      "escaped",
      "when",
      "nested",
      "tool.poetry.dependencies.python",
      "tool.poetry.dependencies.Foo_Bar.version",
      "tool.poetry.dependencies.Foo_Bar.extras",
      "tool.poetry.dependencies.Foo_Bar",
      "tool.uv.index.url",
    ]);
    const escaped = scanToml('x = ["a\\u0062c"]')[0]!.items[0]!;
    expect(escaped).toMatchObject({ value: "abc", verbatim: false });
  });

  it.each([
    ['dependencies = ["a",', 1],
    ['x = "never closed', 1],
    ["[project\nname = 'x'", 1],
    ["a = 1\nb = 2 3", 2],
    ["a = 1\n= 2", 2],
    ['x = "\\q"', 1],
    ['k = """open', 1],
    ["a = ", 1],
  ] as const)("refuses %j with the line of the problem", (text, line) => {
    let error: unknown;
    try {
      scanToml(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TomlScanError);
    expect((error as TomlScanError).line).toBe(line);
  });
});
