import { describe, expect, it } from "vitest";
import type { CodeAlert } from "../../../src/domain/code-fix.js";
import { buildFixContext } from "../../../src/patch/llm/build-fix-context.js";

const alertAt = (path: string, startLine: number, endLine = startLine): CodeAlert => ({
  ruleId: "js/x",
  tool: "CodeQL",
  path,
  startLine,
  endLine,
  startColumn: null,
  endColumn: null,
  message: "m",
  ruleHelp: null,
  severity: "high",
  cwes: [],
});

const TS = [
  'import { readFile } from "node:fs/promises";', // 1
  'import type { Request } from "express";', // 2
  "", // 3
  "export class Files {", // 4
  "  constructor(private root: string) {}", // 5
  "", // 6
  "  async read(req: Request): Promise<string> {", // 7
  "    const name = String(req.query.name);", // 8
  "    return readFile(this.root + '/' + name, 'utf8');", // 9
  "  }", // 10
  "", // 11
  "  other(): number {", // 12
  "    return 1;", // 13
  "  }", // 14
  "}", // 15
  "", // 16
  "export const handler = (req: Request) => {", // 17
  "  return new Files('/srv').read(req);", // 18
  "};", // 19
  "", // 20
  "const top = process.argv[2];", // 21
  "", // 22
].join("\n");

describe("buildFixContext", () => {
  it("sends the enclosing method of a TypeScript alert, and the imports, not the class or the file", () => {
    const context = buildFixContext(alertAt("src/files.ts", 9), TS);
    expect(context.region).toMatchObject({ kind: "function", startLine: 7, endLine: 10 });
    expect(context.region.text).toBe(TS.split("\n").slice(6, 10).join("\n") + "\n");
    expect(context.imports).toHaveLength(1);
    expect(context.imports[0]).toMatchObject({ startLine: 1, endLine: 2 });
  });

  it("sends an arrow function with its declaration, so the model sees its name", () => {
    const context = buildFixContext(alertAt("src/files.ts", 18), TS);
    expect(context.region).toMatchObject({ kind: "function", startLine: 17, endLine: 19 });
    expect(context.region.text.startsWith("export const handler")).toBe(true);
  });

  it("sends only the statement for top-level code", () => {
    const context = buildFixContext(alertAt("src/files.ts", 21), TS);
    expect(context.region).toMatchObject({ kind: "statement", startLine: 21, endLine: 21 });
  });

  it("narrows a function too long to send whole to the outermost block or statement that fits", () => {
    const body = Array.from({ length: 200 }, (_, i) => `  const v${i} = ${i};`);
    const source = ["function huge(input) {", ...body.slice(0, 100), "  if (input) {", "    eval(input);", "  }", ...body.slice(100), "}", ""].join("\n");
    const context = buildFixContext(alertAt("src/huge.js", 103), source);
    expect(context.region).toMatchObject({ kind: "statement", startLine: 102, endLine: 104 });
    expect(context.region.text).toBe("  if (input) {\n    eval(input);\n  }\n");
  });

  it("falls back to ±30 lines for other languages, and lists their import lines", () => {
    const lines = ["package main", "", "import (", '  "fmt"', '  "os/exec"', ")", ...Array.from({ length: 80 }, (_, i) => `// ${i}`), ""];
    const context = buildFixContext(alertAt("main.go", 50), lines.join("\n"));
    expect(context.region).toMatchObject({ kind: "lines", startLine: 20, endLine: 80 });
    expect(context.imports.map((s) => s.text)).toEqual(['import (\n  "fmt"\n  "os/exec"\n)\n']);
  });

  it("clamps the fallback window at the file's edges", () => {
    const context = buildFixContext(alertAt("x.rb", 2), "a\nb\nc\n");
    expect(context.region).toMatchObject({ startLine: 1, endLine: 3, text: "a\nb\nc\n" });
  });
});
