import ts from "typescript";
import type { TextEdit } from "./apply-text-edits.js";

/**
 * An edit that removes a statement and, when it stood alone on its lines, those whole lines; or
 * null when the statement is the body of an `if`/loop without braces, where removing it would
 * change what the code around it means.
 */
export function removeStatement(sourceFile: ts.SourceFile, statement: ts.Statement): TextEdit | null {
  const parent = statement.parent;
  const inList = ts.isSourceFile(parent) || ts.isBlock(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent);
  if (!inList) return null;
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  const end = statement.getEnd();
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (before.trim() === "" && after.trim() === "") return { start: lineStart, end: lineEnd, replacement: "" };
  return { start, end, replacement: "" };
}
