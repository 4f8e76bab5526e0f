import ts from "typescript";
import { lineEndingOf, type TextEdit } from "./apply-text-edits.js";
import type { GuardAnchor } from "./guard-anchor-for.js";

/** The leading whitespace of the line `pos` is on. */
export function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  let end = lineStart;
  while (end < text.length && (text[end] === " " || text[end] === "\t")) end += 1;
  return text.slice(lineStart, end);
}

/** The file's indentation unit: a tab if lines are tab-indented, else the smallest indentation in use (2 by default). */
export function indentStep(text: string): string {
  let smallest = Infinity;
  for (const line of text.split("\n")) {
    if (line.startsWith("\t")) return "\t";
    const width = line.length - line.trimStart().length;
    if (width > 0 && line.trim() !== "" && !line.trimStart().startsWith("*")) smallest = Math.min(smallest, width);
  }
  return " ".repeat(Number.isFinite(smallest) ? Math.min(smallest, 8) : 2);
}

/**
 * An edit that puts `lines` (already indented relative to each other) just before the anchored code,
 * matching the surrounding indentation: a plain insertion before a statement in a list, or a new
 * block around a lone loop / `if` body or an arrow's expression body (whose text, when moved into
 * the block, is `movedText` if given: for the arrow, the body without its parentheses).
 */
export function insertGuard(
  sourceFile: ts.SourceFile,
  anchor: GuardAnchor,
  lines: readonly string[],
  /** Replaces the moved statement's (or arrow body's) text when it is wrapped, for edits inside it. */
  movedText?: string,
): TextEdit {
  const text = sourceFile.text;
  const eol = lineEndingOf(text);
  const step = indentStep(text);
  if (anchor.kind === "before") {
    const at = anchor.statement.getStart(sourceFile);
    const indent = lineIndent(text, at);
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    if (text.slice(lineStart, at).trim() !== "") {
      // Code shares the line (`{ a(); b(); }`): start the guard and the statement on lines of their own.
      const inner = indent + step;
      let start = at;
      while (start > lineStart && (text[start - 1] === " " || text[start - 1] === "\t")) start -= 1;
      return { start, end: at, replacement: `${eol}${lines.map((line) => `${inner}${line}${eol}`).join("")}${inner}` };
    }
    return { start: at, end: at, replacement: lines.map((line) => `${line}${eol}${indent}`).join("") };
  }
  if (anchor.kind === "wrap") {
    const statement = anchor.statement;
    const owner = statement.parent;
    const ownerIndent = lineIndent(text, owner.getStart(sourceFile));
    const inner = ownerIndent + step;
    const body = movedText ?? statement.getText(sourceFile);
    const guard = lines.map((line) => `${inner}${line}${eol}`).join("");
    return {
      start: statement.getFullStart(),
      end: statement.getEnd(),
      replacement: ` {${eol}${guard}${inner}${body}${eol}${ownerIndent}}`,
    };
  }
  const arrow = anchor.arrow;
  const ownerIndent = lineIndent(text, arrow.getStart(sourceFile));
  const inner = ownerIndent + step;
  let expression: ts.Node = arrow.body;
  // `() => ({ … })` returns the object; the parentheses are not needed after `return`.
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  const guard = lines.map((line) => `${inner}${line}${eol}`).join("");
  return {
    start: arrow.body.getStart(sourceFile),
    end: arrow.body.getEnd(),
    replacement: `{${eol}${guard}${inner}return ${movedText ?? expression.getText(sourceFile)};${eol}${ownerIndent}}`,
  };
}
