import { describe, expect, it } from "vitest";
import { findYamlSyntaxError, locateYamlPath } from "../../src/config/locate-yaml-path.js";

const text = [
  "# secfix settings", // 1
  "severity_threshold: high", // 2
  "sla:", // 3
  "  critical: 12h", // 4
  "  high: 3d", // 5
  "customer_facing_paths:", // 6
  "  - src/api/**", // 7
  "  - 'src/routes/**'", // 8
  "approvers: { customer_facing: [security] }", // 9
].join("\n");

describe("locateYamlPath", () => {
  it("finds a nested key on its own line and column", () => {
    expect(locateYamlPath(text, ["sla", "high"])).toEqual({ line: 5, column: 3, depth: 2 });
  });

  it("finds a top-level key after a comment", () => {
    expect(locateYamlPath(text, ["severity_threshold"])).toEqual({ line: 2, column: 1, depth: 1 });
  });

  it("finds a sequence item by index", () => {
    expect(locateYamlPath(text, ["customer_facing_paths", 1])).toEqual({ line: 8, column: 5, depth: 2 });
  });

  it("finds keys inside flow collections", () => {
    expect(locateYamlPath(text, ["approvers", "customer_facing", 0])).toEqual({ line: 9, column: 32, depth: 3 });
  });

  it("falls back to the nearest parent that exists", () => {
    expect(locateYamlPath(text, ["sla", "medium"])).toEqual({ line: 3, column: 1, depth: 1 });
    expect(locateYamlPath(text, ["customer_facing_paths", 5])).toEqual({ line: 6, column: 1, depth: 1 });
  });

  it("points at the start of the content when even the top-level key is absent", () => {
    expect(locateYamlPath(text, ["gates", "max_files"])).toEqual({ line: 2, column: 1, depth: 0 });
  });

  it("matches numeric keys written in YAML against string path segments", () => {
    expect(locateYamlPath("a:\n  1: x\n", ["a", "1"])).toEqual({ line: 2, column: 3, depth: 2 });
  });

  it("follows aliases to the anchored node", () => {
    const anchored = "base: &base\n  critical: 1h\nsla: *base\n";
    expect(locateYamlPath(anchored, ["sla", "critical"])).toEqual({ line: 2, column: 3, depth: 2 });
  });

  it("returns null for a file with nothing but comments", () => {
    expect(locateYamlPath("# nothing yet\n", ["sla"])).toBeNull();
  });
});

describe("findYamlSyntaxError", () => {
  it("returns null for valid YAML", () => {
    expect(findYamlSyntaxError(text)).toBeNull();
  });

  it("names the line and column of the first error", () => {
    const broken = "sla:\n  critical: 12h\n  high: 3d: x\nauto_merge:\n  enabled: true\n";
    expect(findYamlSyntaxError(broken)).toEqual({
      line: 3,
      column: 9,
      message: "Nested mappings are not allowed in compact mappings",
    });
  });

  it("reports an unclosed flow sequence where the parser gives up", () => {
    const broken = "sla:\n  critical: 12h\n  high: [3d\nauto_merge:\n  enabled: true\n";
    expect(findYamlSyntaxError(broken)).toMatchObject({ line: 4, message: expect.stringMatching(/end with a \]/) });
  });

  it("reports a duplicate key on the line of the duplicate", () => {
    expect(findYamlSyntaxError("sla:\n  high: 3d\nsla:\n  low: 9d\n")).toEqual({
      line: 3,
      column: 1,
      message: "Map keys must be unique",
    });
  });

  it("reports a tab used for indentation", () => {
    expect(findYamlSyntaxError("sla:\n\tcritical: 1h\n")).toMatchObject({ line: 2 });
  });
});
