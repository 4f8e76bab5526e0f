import ts from "typescript";
import type { CodeAlert } from "../../../domain/code-fix.js";

/** The character range an alert points at (lines are 1-based; columns 1-based and end-exclusive). */
export function alertRange(sourceFile: ts.SourceFile, alert: CodeAlert): { start: number; end: number } {
  const lines = sourceFile.getLineStarts();
  const lineStart = (line: number) => lines[Math.min(Math.max(line - 1, 0), lines.length - 1)]!;
  const start = lineStart(alert.startLine) + (alert.startColumn ? alert.startColumn - 1 : 0);
  const endLine = Math.max(alert.endLine, alert.startLine);
  const end = alert.endColumn
    ? lineStart(endLine) + alert.endColumn - 1
    : endLine < lines.length
      ? lineStart(endLine + 1)
      : sourceFile.text.length;
  return { start, end: Math.max(end, start) };
}

/** Every node of a kind that overlaps the range, outermost first. */
export function nodesInRange<T extends ts.Node>(
  sourceFile: ts.SourceFile,
  range: { start: number; end: number },
  test: (node: ts.Node) => node is T,
): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (node.getEnd() < range.start || node.getStart(sourceFile) > range.end) return;
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The nearest ancestor (the node itself included) that passes the test. */
export function closest<T extends ts.Node>(node: ts.Node | undefined, test: (node: ts.Node) => node is T): T | null {
  for (let current = node; current; current = current.parent) if (test(current)) return current;
  return null;
}
