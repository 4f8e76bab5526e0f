import ts from "typescript";
import type { Recipe, RecipeInput, RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, lineEndingOf, type TextEdit } from "./ast/apply-text-edits.js";
import { createSymbolResolver, type SymbolResolver } from "./ast/create-symbol-resolver.js";
import { lineIndent } from "./ast/insert-guard.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { pickAlerted } from "./ast/pick-alerted.js";
import { parseSource } from "./ast/parse-source.js";
import { stringParts, type StringPart } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";
import { parameterizeSql, type SqlPiece, type SqlValue } from "./sql-injection/parameterize-sql.js";

type Driver = "mysql" | "pg" | "sqlite3" | "better-sqlite3";

const DRIVER_OF_MODULE: Record<string, Driver> = {
  mysql: "mysql",
  mysql2: "mysql",
  "mysql2/promise": "mysql",
  pg: "pg",
  "pg-pool": "pg",
  sqlite3: "sqlite3",
  "better-sqlite3": "better-sqlite3",
};
const DRIVER_NAME: Record<Driver, string> = { mysql: "mysql/mysql2", pg: "pg", sqlite3: "sqlite3", "better-sqlite3": "better-sqlite3" };
/** Methods that take SQL first and bound values second. */
const QUERY_METHODS: Record<Exclude<Driver, "better-sqlite3">, readonly string[]> = {
  mysql: ["query", "execute"],
  pg: ["query"],
  sqlite3: ["run", "get", "all", "each"],
};
/** better-sqlite3: `db.prepare(sql)` then one of these runs it with the values. */
const STATEMENT_RUNNERS = ["get", "all", "run", "iterate"];
const STATEMENT_MODIFIERS = ["pluck", "raw", "expand", "safeIntegers", "columns"];

class Decline extends Error {}

/**
 * SQL injection: SQL text built by concatenation or a template and passed to a driver's query
 * method. The values become placeholders (`?` for mysql / mysql2 / sqlite, `$1…` for pg) and
 * travel in the driver's values array, so they can no longer change the statement. Declines when
 * the driver cannot be told from the file's imports, or a value is in a place a placeholder cannot
 * go (a table or column name, an IN (…) list, LIMIT).
 */
export const sqlInjectionRecipe: Recipe = {
  family: "sql-injection",
  ruleIds: [
    "js/sql-injection",
    "javascript.lang.security.audit.sqli.node-mysql-sqli.node-mysql-sqli",
    "javascript.lang.security.audit.sqli.node-postgres-sqli.node-postgres-sqli",
    "javascript.express.security.injection.tainted-sql-string.tainted-sql-string",
  ],
  fix: fixSqlInjection,
};

interface QueryCall {
  /** The call that receives the SQL (`query`, `all`, `prepare`, …). */
  call: ts.CallExpression;
  /** Where the values go: after the SQL argument, or into the call that runs a prepared statement. */
  values: { kind: "after-sql" } | { kind: "runner"; runner: ts.CallExpression };
}

function fixSqlInjection(input: RecipeInput): RecipeOutcome {
  const opened = openAlertedFile(input);
  if ("declined" in opened) return { status: "declined", reason: opened.declined };
  const { sourceFile, range } = opened.file;

  const drivers = driversOf(sourceFile);
  if (drivers.length === 0) {
    return {
      status: "declined",
      reason: "the file imports none of mysql, mysql2, pg, sqlite3 or better-sqlite3, so the placeholder syntax the database expects cannot be told from the code.",
    };
  }
  if (drivers.length > 1) {
    return {
      status: "declined",
      reason: `the file imports several database drivers (${drivers.map((d) => DRIVER_NAME[d]).join(", ")}), so which placeholder syntax this query needs cannot be told.`,
    };
  }
  const driver = drivers[0]!;
  const resolver = createSymbolResolver(sourceFile);

  const calls = pickAlerted(queryCalls(sourceFile, driver), (q) => alertableNodes(q.call, resolver), range, sourceFile);
  if (calls.length === 0) {
    return {
      status: "declined",
      reason: `the alert does not point at a ${DRIVER_NAME[driver]} query call (${queryMethodList(driver)}) or at SQL built for one.`,
    };
  }

  const edits: TextEdit[] = [];
  try {
    let fixed = 0;
    for (const query of calls) {
      const queryEdits = rewriteQuery(query, driver, sourceFile, resolver);
      if (queryEdits) {
        edits.push(...queryEdits);
        fixed += 1;
      }
    }
    if (fixed === 0) throw new Decline("the alerted query is a fixed string with no input in it, so there is nothing to bind.");
  } catch (error) {
    if (error instanceof Decline) return { status: "declined", reason: error.message };
    throw error;
  }

  const after = applyTextEdits(sourceFile.text, edits);
  if (parseSource(input.alert.path, after).syntaxErrors.length > 0) {
    return { status: "declined", reason: "the rewritten query would not parse; the alerted code has a shape this recipe does not handle." };
  }
  const placeholders = driver === "pg" ? "`$1`, `$2`, …" : "`?`";
  return {
    status: "fixed",
    after,
    explanation: `Input was spliced into the SQL text, so quotes or SQL keywords in it could change the query. The query now has ${placeholders} placeholders and passes the values separately to ${DRIVER_NAME[driver]}, which sends them as data.`,
  };
}

/** The database driver families the file imports or requires (type-only imports count: they name the driver). */
function driversOf(sourceFile: ts.SourceFile): Driver[] {
  const found = new Set<Driver>();
  const note = (module: string): void => {
    const driver = DRIVER_OF_MODULE[module.replace(/^node:/, "")];
    if (driver) found.add(driver);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) note(node.moduleSpecifier.text);
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      note(node.moduleReference.expression.text);
    }
    if (
      ts.isCallExpression(node) &&
      ((ts.isIdentifier(node.expression) && node.expression.text === "require") || node.expression.kind === ts.SyntaxKind.ImportKeyword) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0]!)
    ) {
      note(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...found];
}

const queryMethodList = (driver: Driver): string =>
  driver === "better-sqlite3" ? "`prepare(…).get/all/run/iterate()`" : QUERY_METHODS[driver].map((m) => `\`${m}\``).join(", ");

/** Calls of the driver's query methods anywhere in the file. */
function queryCalls(sourceFile: ts.SourceFile, driver: Driver): QueryCall[] {
  const found: QueryCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length > 0) {
      const method = node.expression.name.text;
      if (driver === "better-sqlite3") {
        if (method === "prepare") {
          const runner = runnerOf(node);
          found.push({ call: node, values: runner ? { kind: "runner", runner } : { kind: "after-sql" } });
        }
      } else if (QUERY_METHODS[driver].includes(method)) {
        found.push({ call: node, values: { kind: "after-sql" } });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** `db.prepare(sql).pluck().get()`: the call that runs the statement, when it is chained right there. */
function runnerOf(prepare: ts.CallExpression): ts.CallExpression | null {
  let current: ts.Expression = prepare;
  for (;;) {
    const access = current.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== current) return null;
    const call = access.parent;
    if (!ts.isCallExpression(call) || call.expression !== access) return null;
    const name = access.name.text;
    if (STATEMENT_RUNNERS.includes(name)) return call;
    if (!STATEMENT_MODIFIERS.includes(name)) return null;
    current = call;
  }
}

/** The query call, and the SQL built for it in a `const` (an alert may point at either). */
function alertableNodes(call: ts.CallExpression, resolver: SymbolResolver): ts.Node[] {
  const initializer = sqlDeclaration(call, resolver)?.initializer;
  return initializer ? [call, initializer] : [call];
}

/** `const sql = …; db.query(sql)`: the declaration the SQL comes from, if any. */
function sqlDeclaration(call: ts.CallExpression, resolver: SymbolResolver): ts.VariableDeclaration | null {
  const first = call.arguments[0];
  if (!first) return null;
  const inner = unwrapExpression(first);
  if (!ts.isIdentifier(inner)) return null;
  const declaration = resolver.symbolOf(inner)?.valueDeclaration;
  return declaration && ts.isVariableDeclaration(declaration) ? declaration : null;
}

/** The edits for one query, or null when its SQL is a fixed string. */
function rewriteQuery(query: QueryCall, driver: Driver, sourceFile: ts.SourceFile, resolver: SymbolResolver): TextEdit[] | null {
  const { call } = query;
  const first = call.arguments[0]!;
  if (call.arguments.some((a) => ts.isSpreadElement(a))) throw new Decline("the query call spreads its arguments, so the SQL and its values cannot be told apart.");
  let sql = unwrapExpression(first);
  const declaration = sqlDeclaration(call, resolver);
  const fixedText = (node: ts.Expression | undefined): boolean => !!node && (ts.isStringLiteral(unwrapExpression(node)) || ts.isNoSubstitutionTemplateLiteral(unwrapExpression(node)));
  const neverChanged = declaration && ts.isIdentifier(declaration.name) && resolver.writesOf(resolver.symbolOf(declaration.name)!).length === 0;
  if (declaration && neverChanged && fixedText(declaration.initializer)) return null; // a named constant query
  if (declaration) sql = unwrapExpression(sqlFromVariable(declaration, call, sourceFile, resolver));
  if (ts.isStringLiteral(sql) || ts.isNoSubstitutionTemplateLiteral(sql)) return null;
  if (ts.isObjectLiteralExpression(sql)) throw new Decline("the query is passed as an options object; this recipe rewrites SQL passed as a string.");

  const parts = stringParts(sql);
  if (!parts.some((p) => p.kind === "text")) {
    throw new Decline(`the whole SQL comes from \`${sql.getText(sourceFile)}\`, so where values sit in it cannot be seen.`);
  }
  const groups = groupParts(parts, sourceFile);
  const parameterized = parameterizeSql(parts, {
    placeholder: (n) => (driver === "pg" ? `$${n}` : "?"),
    isConstant: (node) => isConstant(node, resolver),
    groupOf: (part) => groups.get(part)!,
  });
  if (!parameterized.ok) throw new Decline(`${parameterized.reason}.`);

  const edits: TextEdit[] = [];
  edits.push({ start: sql.getStart(sourceFile), end: sql.getEnd(), replacement: renderSql(parameterized.pieces, parts, groups, sql, sourceFile) });
  const values = parameterized.values.map((value) => renderValue(value, sourceFile));

  if (query.values.kind === "runner") {
    const runner = query.values.runner;
    if (runner.arguments.length > 0) throw new Decline("the prepared statement is already run with values, so new ones could be bound in the wrong order.");
    edits.push({ start: runner.arguments.pos, end: runner.arguments.pos, replacement: values.join(", ") });
  } else {
    if (driver === "better-sqlite3") {
      throw new Decline("the prepared statement is kept and run elsewhere, so where its values should go cannot be seen at this call.");
    }
    const rest = call.arguments.slice(1);
    if (rest.length > 0 && !isCallback(rest[0]!, resolver)) {
      throw new Decline("the query already passes values or options after the SQL, so new values could be bound in the wrong order.");
    }
    // Arguments written one per line get the values on a line of their own.
    const text = sourceFile.text;
    const ownLine = text.slice(call.arguments.pos, first.getStart(sourceFile)).includes("\n");
    const separator = ownLine ? `,${lineEndingOf(text)}${lineIndent(text, first.getStart(sourceFile))}` : ", ";
    edits.push({ start: first.getEnd(), end: first.getEnd(), replacement: `${separator}[${values.join(", ")}]` });
  }
  return edits;
}

/**
 * `const sql = …; db.query(sql)`: the SQL is rewritten where it is built and the values are passed
 * at the call, so the variable must be a `const` used only by this call, in the same function, and
 * the values must still be the same there (no calls, nothing reassigned in between).
 */
function sqlFromVariable(declaration: ts.VariableDeclaration, call: ts.CallExpression, sourceFile: ts.SourceFile, resolver: SymbolResolver): ts.Expression {
  const name = declaration.name.getText(sourceFile);
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !declaration.initializer || !ts.isIdentifier(declaration.name)) {
    throw new Decline(`the SQL comes from \`${name}\`, which is not a \`const\` with a value (it may be built up over several statements).`);
  }
  const symbol = resolver.symbolOf(declaration.name)!;
  const uses = resolver.referencesOf(symbol).filter((r) => r !== declaration.name);
  if (uses.length !== 1) throw new Decline(`the SQL in \`${name}\` is also used elsewhere, so its placeholders and this call's values could get out of step.`);
  if (functionOf(declaration) !== functionOf(call)) throw new Decline(`\`${name}\` is built in another function than the query that runs it.`);
  const between = { start: declaration.getEnd(), end: call.getStart(sourceFile) };
  for (const part of stringParts(declaration.initializer)) {
    if (part.kind !== "value" || isConstant(part.node, resolver)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isTaggedTemplateExpression(node)) {
        throw new Decline(`a value in \`${name}\` is computed by a call, and computing it again at the query could give a different value.`);
      }
      if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const valueSymbol = resolver.symbolOf(node);
        if (!valueSymbol) return;
        if (resolver.writesOf(valueSymbol).some((w) => w.pos >= between.start && w.end <= between.end)) {
          throw new Decline(`\`${node.text}\` changes between building \`${name}\` and running the query.`);
        }
        if (resolver.valueInScope(call, node.text) !== valueSymbol) {
          throw new Decline(`\`${node.text}\` is not in scope where the query runs, so the value cannot be passed there.`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(part.node);
  }
  return declaration.initializer;
}

/** A `const` declared with a string or number literal: code, not input. */
function isConstant(node: ts.Expression, resolver: SymbolResolver): boolean {
  const inner = unwrapExpression(node);
  if (ts.isStringLiteral(inner) || ts.isNumericLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return true;
  if (!ts.isIdentifier(inner)) return false;
  const declaration = resolver.symbolOf(inner)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  if (!ts.isVariableDeclarationList(declaration.parent) || !(declaration.parent.flags & ts.NodeFlags.Const)) return false;
  const value = unwrapExpression(declaration.initializer);
  return ts.isStringLiteral(value) || ts.isNumericLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value);
}

/** A callback passed after the SQL (`query(sql, (err, rows) => …)`), not values or options. */
function isCallback(argument: ts.Expression, resolver: SymbolResolver): boolean {
  const inner = unwrapExpression(argument);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return true;
  if (!ts.isIdentifier(inner)) return false;
  const declaration = resolver.symbolOf(inner)?.valueDeclaration;
  if (!declaration) return false;
  if (ts.isFunctionDeclaration(declaration)) return true;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const value = unwrapExpression(declaration.initializer);
    return ts.isArrowFunction(value) || ts.isFunctionExpression(value);
  }
  return ts.isParameter(declaration) && /^(cb|callback|done|next|handler)$/i.test(inner.text);
}

/**
 * Groups the SQL's parts the way the rewritten SQL is laid out: one group per template literal,
 * and for a `+` chain one group per source line, so a query split over several lines stays so.
 */
function groupParts(parts: readonly StringPart[], sourceFile: ts.SourceFile): Map<StringPart, number> {
  const groups = new Map<StringPart, number>();
  const templateGroups = new Map<ts.Node, number>();
  const lineGroups = new Map<number, number>();
  let next = 0;
  for (const part of parts) {
    const template = enclosingTemplate(part.node);
    if (template) {
      if (!templateGroups.has(template)) templateGroups.set(template, next++);
      groups.set(part, templateGroups.get(template)!);
      continue;
    }
    const line = sourceFile.getLineAndCharacterOfPosition(part.node.getStart(sourceFile)).line;
    if (!lineGroups.has(line)) lineGroups.set(line, next++);
    groups.set(part, lineGroups.get(line)!);
  }
  return groups;
}

function enclosingTemplate(node: ts.Node): ts.TemplateExpression | null {
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
    return ts.isTemplateExpression(node.parent) ? node.parent : (node.parent.parent as ts.TemplateExpression);
  }
  if (ts.isTemplateSpan(node.parent)) return node.parent.parent;
  return null;
}

/** The rewritten SQL expression: each group as a literal (or template), groups joined across lines with `+`. */
function renderSql(
  pieces: readonly SqlPiece[],
  parts: readonly StringPart[],
  groupsOfParts: Map<StringPart, number>,
  sql: ts.Expression,
  sourceFile: ts.SourceFile,
): string {
  const eol = lineEndingOf(sourceFile.text);
  const byGroup = new Map<number, SqlPiece[]>();
  for (const piece of pieces) byGroup.set(piece.group, [...(byGroup.get(piece.group) ?? []), piece]);
  const firstNodeOf = new Map<number, ts.Node>();
  const templateGroups = new Set<number>();
  // Where each group starts in the source, for quotes and indentation.
  for (const part of parts) {
    const group = groupsOfParts.get(part)!;
    if (!firstNodeOf.has(group)) firstNodeOf.set(group, part.node);
    if (enclosingTemplate(part.node)) templateGroups.add(group);
  }
  const ordered = [...byGroup.keys()].sort((a, b) => a - b);
  const rendered: string[] = [];
  for (const group of ordered) {
    const groupPieces = byGroup.get(group)!.filter((p) => p.kind === "keep" || p.value !== "");
    if (groupPieces.length === 0) continue;
    const node = firstNodeOf.get(group)!;
    const text =
      templateGroups.has(group) || startsWithTwoValues(groupPieces)
        ? renderTemplate(groupPieces, sourceFile)
        : renderConcatenation(groupPieces, quoteOf(node, sql, sourceFile), sourceFile);
    rendered.push(text);
  }
  if (rendered.length === 0) return '""';
  if (rendered.length === 1) return rendered[0]!;
  const separators = ordered
    .filter((group) => byGroup.get(group)!.some((p) => p.kind === "keep" || p.value !== ""))
    .map((group) => `${eol}${lineIndent(sourceFile.text, firstNodeOf.get(group)!.getStart(sourceFile))}`);
  return rendered.map((text, i) => (i === 0 ? text : `${separators[i]}${text}`)).join(" +");
}

const startsWithTwoValues = (pieces: readonly SqlPiece[]): boolean => pieces[0]?.kind === "keep" && pieces[1]?.kind === "keep";

function renderTemplate(pieces: readonly SqlPiece[], sourceFile: ts.SourceFile): string {
  return (
    "`" +
    pieces
      .map((p) => (p.kind === "text" ? p.value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${").replace(/\r/g, "\\r") : "${" + p.node.getText(sourceFile) + "}"))
      .join("") +
    "`"
  );
}

function renderConcatenation(pieces: readonly SqlPiece[], quote: "'" | '"', sourceFile: ts.SourceFile): string {
  const merged: Array<string | ts.Expression> = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (piece.kind === "text" && typeof last === "string") merged[merged.length - 1] = last + piece.value;
    else merged.push(piece.kind === "text" ? piece.value : piece.node);
  }
  return merged.map((p) => (typeof p === "string" ? quoted(p, quote) : p.getText(sourceFile))).join(" + ");
}

function renderValue(value: SqlValue, sourceFile: ts.SourceFile): string {
  const only = value[0];
  if (value.length === 1 && only && only.kind === "value") {
    // Bound as the same string the concatenation produced: a number, an array or an object would
    // otherwise be expanded by the driver (mysql turns objects into `key = value` lists).
    return `String(${only.node.getText(sourceFile)})`;
  }
  return (
    "`" +
    value
      .map((p) => (p.kind === "text" ? p.value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") : "${" + p.node.getText(sourceFile) + "}"))
      .join("") +
    "`"
  );
}

function quoteOf(node: ts.Node, sql: ts.Expression, sourceFile: ts.SourceFile): "'" | '"' {
  if (ts.isStringLiteral(node)) return sourceFile.text[node.getStart(sourceFile)] === "'" ? "'" : '"';
  let quote: "'" | '"' | null = null;
  const visit = (current: ts.Node): void => {
    if (quote === null && ts.isStringLiteral(current)) quote = sourceFile.text[current.getStart(sourceFile)] === "'" ? "'" : '"';
    ts.forEachChild(current, visit);
  };
  visit(sql);
  return quote ?? '"';
}

function quoted(value: string, quote: "'" | '"'): string {
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const functionOf = (node: ts.Node): ts.Node => {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return node.getSourceFile();
};
