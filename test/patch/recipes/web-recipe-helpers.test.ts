import ts from "typescript";
import { describe, expect, it } from "vitest";
import { appendObjectProperties } from "../../../src/patch/recipes/ast/append-object-properties.js";
import { applyTextEdits } from "../../../src/patch/recipes/ast/apply-text-edits.js";
import { ensureHelperFunction } from "../../../src/patch/recipes/ast/ensure-helper-function.js";
import { findBinding } from "../../../src/patch/recipes/ast/find-binding.js";
import { isRequestInput } from "../../../src/patch/recipes/ast/is-request-input.js";
import { parseSource } from "../../../src/patch/recipes/ast/parse-source.js";
import { removeListElement } from "../../../src/patch/recipes/ast/remove-list-element.js";
import { stringLiteralFor } from "../../../src/patch/recipes/ast/string-literal-for.js";
import { parseRegex, RegexSyntaxError } from "../../../src/patch/recipes/redos/parse-regex.js";

const parse = (text: string, path = "a.ts") => parseSource(path, text).sourceFile;

function first<T extends ts.Node>(sourceFile: ts.SourceFile, test: (n: ts.Node) => n is T): T {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && test(node)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) throw new Error("no such node");
  return found;
}

const HELPER = { name: "twice", javascript: "// Doubles.\nfunction twice(x) {\n  return x * 2;\n}", typescript: "// Doubles.\nfunction twice(x: number): number {\n  return x * 2;\n}" };

describe("appendObjectProperties", () => {
  const add = (text: string) => {
    const sf = parse(text);
    return applyTextEdits(text, [appendObjectProperties(sf, first(sf, ts.isObjectLiteralExpression), ["b: 2", "c: 3"])]);
  };
  it("fills an empty object, extends a one-line one and keeps a trailing comma", () => {
    expect(add("f({});")).toBe("f({ b: 2, c: 3 });");
    expect(add("f({ a: 1 });")).toBe("f({ a: 1, b: 2, c: 3 });");
    expect(add("f({ a: 1, });")).toBe("f({ a: 1, b: 2, c: 3, });");
  });
  it("adds one property per line, indented like the last, in a multi-line object", () => {
    expect(add("f({\n    a: 1\n});")).toBe("f({\n    a: 1,\n    b: 2,\n    c: 3\n});");
    expect(add("f({\n  a: 1,\n});")).toBe("f({\n  a: 1,\n  b: 2,\n  c: 3,\n});");
  });
});

describe("removeListElement", () => {
  const remove = (text: string, index: number) => {
    const sf = parse(text);
    const object = first(sf, ts.isObjectLiteralExpression);
    return applyTextEdits(text, [removeListElement(sf, object.properties, index)]);
  };
  it("removes the first, the last and the only element with their commas", () => {
    expect(remove("f({ a: 1, b: 2, c: 3 });", 0)).toBe("f({ b: 2, c: 3 });");
    expect(remove("f({ a: 1, b: 2 });", 1)).toBe("f({ a: 1 });");
    expect(remove("f({ a: 1, });", 0)).toBe("f({  });");
    expect(remove("f({\n  a: 1,\n  b: 2,\n});", 0)).toBe("f({\n  b: 2,\n});");
  });
});

describe("ensureHelperFunction", () => {
  it("goes after the imports, typed in TypeScript, and is not added twice", () => {
    const text = `import x from "x";\nconst y = x();\n`;
    const placed = ensureHelperFunction(parse(text), HELPER, true);
    expect(placed.ok).toBe(true);
    const after = applyTextEdits(text, placed.ok && placed.edit ? [placed.edit] : []);
    expect(after).toBe(`import x from "x";\n\n// Doubles.\nfunction twice(x: number): number {\n  return x * 2;\n}\n\nconst y = x();\n`);
    expect(ensureHelperFunction(parse(after), HELPER, true)).toEqual({ ok: true, edit: null });
  });
  it("keeps a shebang first and the file's CRLF line endings", () => {
    const text = "#!/usr/bin/env node\r\nrun();\r\n";
    const placed = ensureHelperFunction(parse(text, "cli.js"), HELPER, false);
    const after = applyTextEdits(text, placed.ok && placed.edit ? [placed.edit] : []);
    expect(after).toBe("#!/usr/bin/env node\r\n// Doubles.\r\nfunction twice(x) {\r\n  return x * 2;\r\n}\r\n\r\nrun();\r\n");
  });
  it("declines a name the file already uses for something else", () => {
    const placed = ensureHelperFunction(parse(`const twice = (n) => n + n;\n`, "a.js"), HELPER, false);
    expect(placed).toEqual({ ok: false, reason: expect.stringContaining("already uses the name `twice`") });
  });
});

describe("stringLiteralFor", () => {
  it("follows the file's first string literal's quotes", () => {
    expect(stringLiteralFor(parse(`import a from 'a';`), `it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(stringLiteralFor(parse(`import a from "a";`), `it's "x"`)).toBe(`"it's \\"x\\""`);
    expect(stringLiteralFor(parse(`const n = 1;`), "lax")).toBe(`"lax"`);
  });
});

describe("findBinding and isRequestInput", () => {
  it("follows destructuring, defaults and text-preserving calls to the request", () => {
    const sf = parse(`function h(req, res) {\n  const { q } = req.query;\n  const name = String(req.body.name ?? "").trim();\n  let other = 1;\n  other = 2;\n  use(q, name, other);\n}\n`, "a.js");
    const use = first(sf, (n): n is ts.CallExpression => ts.isCallExpression(n) && n.expression.getText() === "use");
    const [q, name, other] = use.arguments as unknown as [ts.Identifier, ts.Identifier, ts.Identifier];
    expect(findBinding(q)).toMatchObject({ kind: "variable", flags: "const", destructured: true });
    expect(isRequestInput(q)).toBe(true);
    expect(isRequestInput(name)).toBe(true);
    expect(findBinding(other)?.assignments.map((a) => a.getText())).toEqual(["2"]);
    expect(isRequestInput(other)).toBe(false);
  });
  it("does not take Koa's response body for input", () => {
    const sf = parse(`ctx.body;\nctx.request.body;\n`, "a.js");
    const [response, request] = sf.statements.map((s) => (s as ts.ExpressionStatement).expression);
    expect(isRequestInput(response!)).toBe(false);
    expect(isRequestInput(request!)).toBe(true);
  });
});

describe("parseRegex", () => {
  it("reads groups, classes, escapes and quantifiers with their positions", () => {
    const tree = parseRegex("^(?:[a-z\\]]+)+\\d{2,}?$|(?<n>x)\\1");
    expect(tree).toHaveLength(2);
    const [group, digits] = tree[0]!.slice(1);
    expect(group).toMatchObject({ start: 1, end: 14, quantifier: { min: 1, max: Infinity, lazy: false }, atom: { kind: "group", capturing: false } });
    expect(digits).toMatchObject({ atom: { kind: "escape-class", letter: "d" }, quantifier: { min: 2, max: Infinity, lazy: true } });
    expect(tree[1]!.map((t) => t.atom.kind)).toEqual(["group", "backreference"]);
  });
  it("rejects what a regular expression cannot be", () => {
    for (const bad of ["(a", "a)", "[a", "*a", "(?x)"]) expect(() => parseRegex(bad)).toThrow(RegexSyntaxError);
  });
});
