import { describe, expect, it } from "vitest";
import { validateFixEdits, type EditContext } from "../../../src/patch/llm/validate-fix-edits.js";

const TEXT = ['const x = require("x");', "", "function f(a) {", "  return eval(a);", "}", "", "function g() {", "  return 2;", "}", ""].join("\n");

function context(text = TEXT, extra: Partial<EditContext> = {}): EditContext & { reads: string[] } {
  const reads: string[] = [];
  const lines = text.split("\n");
  const offset = (line: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  return {
    reads,
    allowedPaths: ["src/f.js"],
    alerted: {
      path: "src/f.js",
      text,
      shown: [
        { start: 0, end: offset(2), startLine: 1, endLine: 1, text: "" },
        { start: offset(3), end: offset(6), startLine: 3, endLine: 5, text: "" },
      ],
    },
    async read(path) {
      reads.push(path);
      return null;
    },
    ...extra,
  };
}

const edit = (find: string, replace: string, path = "src/f.js") => ({ path, find, replace });

describe("validateFixEdits", () => {
  it("applies several non-overlapping edits to one file", async () => {
    const result = await validateFixEdits({ edits: [edit("  return eval(a);", "  return Number(a);"), edit('const x = require("x");', 'const x = require("x");\nconst assert = require("assert");')], explanation: "" }, context());
    expect(result).toEqual({ ok: true, files: [{ path: "src/f.js", before: TEXT, after: TEXT.replace("eval(a)", "Number(a)").replace('require("x");', 'require("x");\nconst assert = require("assert");') }] });
  });

  it("rejects overlapping edits", async () => {
    const result = await validateFixEdits({ edits: [edit("  return eval(a);", "  return 1;"), edit("eval(a)", "Number(a)")], explanation: "" }, context());
    expect(result).toMatchObject({ ok: false, problems: [{ code: "overlapping_edits" }] });
  });

  it("keeps CRLF line endings when the model drops the \\r", async () => {
    const crlf = TEXT.replace(/\n/g, "\r\n");
    const result = await validateFixEdits({ edits: [edit("function f(a) {\n  return eval(a);", "function f(a) {\n  return Number(a);")], explanation: "" }, context(crlf, { alerted: { ...context(crlf).alerted, shown: [{ start: 0, end: crlf.length, startLine: 1, endLine: 10, text: "" }] } }));
    expect(result.ok && result.files[0]!.after).toBe(crlf.replace("eval(a)", "Number(a)"));
  });

  it("rejects an edit of the alerted file outside what the model was shown", async () => {
    const result = await validateFixEdits({ edits: [edit("  return 2;", "  return 3;")], explanation: "" }, context());
    expect(result).toMatchObject({ ok: false, problems: [{ code: "outside_context", edit: 0 }] });
  });

  it("rejects a find equal to its replace as an empty diff", async () => {
    const result = await validateFixEdits({ edits: [edit("  return eval(a);", "  return eval(a);")], explanation: "" }, context());
    expect(result).toMatchObject({ ok: false, problems: [{ code: "empty_diff" }] });
  });

  it("reports a missing allowed file, and never reads a refused path", async () => {
    const ctx = context(TEXT, { allowedPaths: ["src/f.js", "src/g.js", ".env"] });
    const result = await validateFixEdits({ edits: [edit("a", "b", "src/g.js"), edit("a", "b", ".env"), edit("a", "b", "../etc/passwd")], explanation: "" }, ctx);
    expect(result).toMatchObject({ ok: false });
    if (result.ok) throw new Error("unreachable");
    expect(result.problems.map((p) => p.code).sort()).toEqual(["file_missing", "secret_path", "unsafe_path"]);
    expect(ctx.reads).toEqual(["src/g.js"]);
  });

  it("rejects an empty find, install commands, suppression comments and secrets", async () => {
    const result = await validateFixEdits(
      {
        edits: [
          edit("", "x"),
          edit("  return eval(a);", '  require("child_process").execSync("npm install left-pad");'),
          edit("  return eval(a);", "  // eslint-disable-next-line no-eval\n  return eval(a);"),
          edit("  return eval(a);", '  return "AKIAABCDEFGHIJKLMNOP";'),
        ],
        explanation: "",
      },
      context(),
    );
    if (result.ok) throw new Error("expected problems");
    expect(result.problems.map((p) => [p.code, p.edit])).toEqual([
      ["find_empty", 0],
      ["install_script", 1],
      ["suppression", 2],
      ["secret_in_edit", 3],
    ]);
  });

  it("names a model-chosen path in messages only sanitised and quoted", async () => {
    const result = await validateFixEdits({ edits: [edit("a", "b", "docs/ghs_CANARYq8w7e6r5t4y3u2i1o0p9.md")], explanation: "" }, context());
    if (result.ok) throw new Error("expected problems");
    // The redactor's token pattern takes the dots that follow too, so the extension goes with it.
    expect(result.problems[0]!.message).toBe('edit 1: "docs/[REDACTED]" is outside the files this fix may change');
  });
});
