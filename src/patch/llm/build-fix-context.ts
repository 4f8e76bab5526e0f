import ts from "typescript";
import type { CodeAlert } from "../../domain/code-fix.js";
import { alertRange } from "../recipes/ast/find-nodes.js";
import { parseSource, scriptKindOf } from "../recipes/ast/parse-source.js";

/** A run of whole lines of the alerted file: offsets into the original text, lines 1-based and inclusive. */
export interface SourceSpan {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  text: string;
}

export interface FixContext {
  /** The code around the alert: its enclosing function or block (JS/TS), else ±N lines. */
  region: SourceSpan & { kind: "function" | "block" | "statement" | "lines" };
  /** The file's import / require lines outside the region, so the model knows what is already imported. */
  imports: SourceSpan[];
}

export interface FixContextOptions {
  /** Beyond this many lines a function is too big to send whole; a smaller enclosing block is used. */
  maxRegionLines?: number;
  /** Lines either side of the alert when no syntax tree is available. */
  fallbackLines?: number;
}

const FUNCTION_LIKE = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

/**
 * The smallest useful context for one alert, never the whole file: the model needs the code it must
 * change and what the file already imports, nothing else (a wider context costs tokens and widens
 * what an injected comment elsewhere in the file can reach).
 */
export function buildFixContext(alert: CodeAlert, source: string, options: FixContextOptions = {}): FixContext {
  const maxLines = options.maxRegionLines ?? 150;
  const fallback = options.fallbackLines ?? 30;
  const lineStarts = computeLineStarts(source);
  const span = (start: number, end: number) => wholeLines(source, lineStarts, start, end);

  if (scriptKindOf(alert.path) === null) {
    const region = { ...aroundLines(source, lineStarts, alert, fallback), kind: "lines" as const };
    return { region, imports: mergeSpans(source, outside(textImports(source, lineStarts, alert.path), region)) };
  }

  const { sourceFile } = parseSource(alert.path, source);
  const range = trimRange(source, alertRange(sourceFile, alert));
  const imports = jsImports(sourceFile).map((node) => span(node.getStart(sourceFile), node.getEnd()));
  const lines = (node: ts.Node) => lineOf(lineStarts, node.getEnd()) - lineOf(lineStarts, node.getStart(sourceFile)) + 1;

  // Innermost node that covers the whole alerted range, then its ancestors outwards.
  const chain: ts.Node[] = [];
  for (let node: ts.Node | undefined = deepestCovering(sourceFile, range, sourceFile); node && node !== sourceFile; node = node.parent) chain.push(node);

  const fn = chain.find(FUNCTION_LIKE);
  let chosen: { node: ts.Node; kind: "function" | "block" | "statement" } | null = null;
  if (fn && lines(declarationOf(fn)) <= maxLines) chosen = { node: declarationOf(fn), kind: "function" };
  if (!chosen) {
    // The outermost statement or block inside the function (or the file) that still fits.
    const limit = fn ? chain.indexOf(fn) : chain.length;
    for (const node of chain.slice(0, limit)) {
      if ((ts.isBlock(node) || isStatement(node)) && lines(node) <= maxLines) {
        chosen = { node, kind: ts.isBlock(node) ? "block" : "statement" };
      }
    }
  }
  const region = chosen
    ? { ...span(chosen.node.getStart(sourceFile), chosen.node.getEnd()), kind: chosen.kind }
    : { ...aroundLines(source, lineStarts, alert, fallback), kind: "lines" as const };
  return { region, imports: mergeSpans(source, outside(imports, region)) };
}

function outside(spans: SourceSpan[], region: SourceSpan): SourceSpan[] {
  return spans.filter((s) => s.end <= region.start || s.start >= region.end);
}

/** Import lines separated only by blank lines travel as one block. */
function mergeSpans(source: string, spans: SourceSpan[]): SourceSpan[] {
  const merged: SourceSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && source.slice(last.end, span.start).trim() === "") {
      merged[merged.length - 1] = { start: last.start, end: span.end, startLine: last.startLine, endLine: span.endLine, text: source.slice(last.start, span.end) };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** A function expression assigned to a variable is sent with its declaration, so the model sees its name. */
function declarationOf(fn: ts.Node): ts.Node {
  if ((ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && ts.isVariableDeclaration(fn.parent)) {
    const list = fn.parent.parent;
    if (ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent)) return list.parent;
  }
  return fn;
}

function isStatement(node: ts.Node): boolean {
  return ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isIfStatement(node) || ts.isForStatement(node) ||
    ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node) ||
    ts.isTryStatement(node) || ts.isSwitchStatement(node) || ts.isReturnStatement(node) || ts.isClassDeclaration(node) ||
    ts.isExportAssignment(node) || ts.isThrowStatement(node) || ts.isLabeledStatement(node);
}

function deepestCovering(node: ts.Node, range: { start: number; end: number }, sourceFile: ts.SourceFile): ts.Node {
  for (const child of node.getChildren(sourceFile)) {
    if (child.getStart(sourceFile) <= range.start && child.getEnd() >= range.end) return deepestCovering(child, range, sourceFile);
  }
  return node;
}

/** The range without surrounding whitespace: an alert on a whole line starts before the statement's indentation. */
function trimRange(text: string, range: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return { start, end };
}

/** Top-level `import`, `import x = require()`, `export … from`, and `const x = require("…")` statements. */
function jsImports(sourceFile: ts.SourceFile): ts.Statement[] {
  return sourceFile.statements.filter(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isImportEqualsDeclaration(s) ||
      (ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined) ||
      (ts.isVariableStatement(s) &&
        s.declarationList.declarations.length > 0 &&
        s.declarationList.declarations.every((d) => d.initializer !== undefined && isRequireLike(d.initializer))),
  );
}

function isRequireLike(expression: ts.Expression): boolean {
  let e: ts.Expression = expression;
  // `require("x").y` and `require("x")(…)` are imports too.
  while (ts.isPropertyAccessExpression(e) || (ts.isCallExpression(e) && !isRequireCall(e))) e = e.expression;
  return ts.isCallExpression(e) && isRequireCall(e);
}

function isRequireCall(call: ts.CallExpression): boolean {
  return ts.isIdentifier(call.expression) && call.expression.text === "require";
}

/** Import-looking lines of a file we cannot parse (Python, Go, Java, C#, Rust, C, …), at most 40. */
function textImports(source: string, lineStarts: number[], path: string): SourceSpan[] {
  const python = /\.pyi?$/i.test(path);
  const pattern = python
    ? /^(import\s|from\s+\S+\s+import\s)/
    : /^\s*(import\b|using\s|#\s*include\b|use\s|require\b|extern\s+crate\b)/;
  const spans: SourceSpan[] = [];
  for (let line = 1; line <= lineStarts.length && spans.length < 40; line += 1) {
    const start = lineStarts[line - 1]!;
    const text = source.slice(start, line < lineStarts.length ? lineStarts[line]! : source.length);
    if (!pattern.test(text)) continue;
    let last = line;
    // A parenthesised multi-line import (`from x import (\n a,\n b)` or Go's `import (\n … )`) runs to its `)`.
    if (text.includes("(") && !text.includes(")")) {
      while (last < lineStarts.length && !lineText(source, lineStarts, last + 1).includes(")") && last - line < 100) last += 1;
      if (last < lineStarts.length) last += 1;
    }
    spans.push(wholeLines(source, lineStarts, start, endOfLine(source, lineStarts, last)));
    line = last;
  }
  return spans;
}

function aroundLines(source: string, lineStarts: number[], alert: CodeAlert, around: number): SourceSpan {
  const first = Math.max(1, Math.min(alert.startLine, lineStarts.length) - around);
  const last = Math.min(lineStarts.length, Math.max(alert.endLine, alert.startLine) + around);
  return wholeLines(source, lineStarts, lineStarts[first - 1]!, endOfLine(source, lineStarts, last));
}

function wholeLines(source: string, lineStarts: number[], start: number, end: number): SourceSpan {
  const startLine = lineOf(lineStarts, start);
  const endLine = lineOf(lineStarts, Math.max(start, end - 1));
  const from = lineStarts[startLine - 1]!;
  const to = endOfLine(source, lineStarts, endLine);
  return { start: from, end: to, startLine, endLine, text: source.slice(from, to) };
}

/** The offset just past line `line`'s newline (or the end of the text). */
function endOfLine(source: string, lineStarts: number[], line: number): number {
  return line < lineStarts.length ? lineStarts[line]! : source.length;
}

function lineText(source: string, lineStarts: number[], line: number): string {
  return source.slice(lineStarts[line - 1]!, endOfLine(source, lineStarts, line));
}

function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i += 1) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  // A trailing newline does not start a line of its own.
  if (starts.length > 1 && starts.at(-1) === source.length) starts.pop();
  return starts;
}

/** 1-based line of an offset. */
function lineOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
