import ts from "typescript";
import { describe, expect, it } from "vitest";
import { stringParts, type StringPart } from "../../../src/patch/recipes/ast/string-parts.js";
import { parameterizeSql } from "../../../src/patch/recipes/sql-injection/parameterize-sql.js";

/**
 * The rewritten SQL (kept constants shown as `${NAME}`) and the bound values (spliced-in values
 * shown as `<name>`), for a JavaScript string expression. Names in CAPITALS count as constants.
 */
function parameterize(expression: string, style: "?" | "$n" = "?"): { sql: string; values: string[] } | string {
  const file = ts.createSourceFile("x.js", `x = ${expression};`, ts.ScriptTarget.Latest, true);
  const statement = file.statements[0] as ts.ExpressionStatement;
  const parts: StringPart[] = stringParts((statement.expression as ts.BinaryExpression).right);
  const result = parameterizeSql(parts, {
    placeholder: (n) => (style === "?" ? "?" : `$${n}`),
    isConstant: (node) => ts.isIdentifier(node) && node.text === node.text.toUpperCase(),
    groupOf: () => 0,
  });
  if (!result.ok) return result.reason;
  return {
    sql: result.pieces.map((p) => (p.kind === "text" ? p.value : `\${${p.node.getText(file)}}`)).join(""),
    values: result.values.map((value) => value.map((p) => (p.kind === "text" ? p.value : `<${p.node.getText(file)}>`)).join("")),
  };
}

describe("parameterizeSql", () => {
  it("binds a value that fills a quoted literal, and one after a comparison", () => {
    expect(parameterize(`"SELECT * FROM t WHERE a = '" + a + "' AND b >= " + b`)).toEqual({ sql: "SELECT * FROM t WHERE a = ? AND b >= ?", values: ["<a>", "<b>"] });
  });

  it("binds the whole literal a value sits in, with its text and doubled quotes", () => {
    expect(parameterize("`SELECT * FROM t WHERE name LIKE 'O''${q}%'`")).toEqual({ sql: "SELECT * FROM t WHERE name LIKE ?", values: ["O'<q>%"] });
  });

  it("numbers pg placeholders in order", () => {
    expect(parameterize("`INSERT INTO t (a, b, c) VALUES (${a}, '${b}', 'fixed', ${c})`", "$n")).toEqual({
      sql: "INSERT INTO t (a, b, c) VALUES ($1, $2, 'fixed', $3)",
      values: ["<a>", "<b>", "<c>"],
    });
  });

  it("keeps constants as SQL text wherever they are, and leaves literals without values alone", () => {
    expect(parameterize("`SELECT * FROM ${TABLE} WHERE kind = 'a''b' AND id = ${id} ORDER BY ${COLUMN}`")).toEqual({
      sql: "SELECT * FROM ${TABLE} WHERE kind = 'a''b' AND id = ? ORDER BY ${COLUMN}",
      values: ["<id>"],
    });
  });

  it("is not fooled by quotes and question marks inside comments and literals", () => {
    expect(parameterize("`SELECT '?' AS q -- don't\n FROM t /* it's */ WHERE id = ${id}`")).toEqual({
      sql: "SELECT '?' AS q -- don't\n FROM t /* it's */ WHERE id = ?",
      values: ["<id>"],
    });
  });

  it.each([
    ["`SELECT * FROM ${table}`", /table name/],
    ["`SELECT * FROM t ORDER BY ${column} DESC`", /ORDER BY/],
    ["`SELECT ${columns} FROM t`", /column list/],
    ["`SELECT * FROM t WHERE id IN (${ids})`", /IN \(…\) list/],
    ["`SELECT * FROM t WHERE id IN ('${id}')`", /IN \(…\) list/],
    ["`SELECT * FROM t LIMIT ${n}`", /LIMIT/],
    ["`SELECT * FROM t WHERE \"${column}\" = 1`", /double-quoted identifier/],
    ["`SELECT * FROM t WHERE a = 1 -- ${note}`", /comment/],
    ["`SELECT * FROM t WHERE a = '${a}\\\\'`", /backslash/],
    ["`SELECT * FROM t WHERE a = ? AND b = ${b}`", /placeholders/],
    ["`SELECT * FROM t WHERE a = ${a}${b}`", /side by side/],
    ["`SELECT * FROM t_${suffix}`", /glued/],
    ["`SELECT * FROM t WHERE a = ${a}1`", /glued/],
    ["`SELECT * FROM t WHERE a BETWEEN ${lo} AND ${hi}`", /not clearly a value/],
    ["`SELECT * FROM t WHERE a = '${a}`", /never closed/],
    ["`SELECT * FROM ${TABLE}`", /nothing to bind/],
  ])("declines %s", (expression, reason) => {
    expect(parameterize(expression)).toMatch(reason);
  });
});
