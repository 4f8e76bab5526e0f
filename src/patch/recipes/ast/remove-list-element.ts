import type ts from "typescript";
import type { TextEdit } from "./apply-text-edits.js";

/**
 * An edit that removes one element of a comma-separated list (object properties, arguments)
 * together with the comma that joined it, leaving the others as they were laid out.
 */
export function removeListElement(sourceFile: ts.SourceFile, list: ts.NodeArray<ts.Node>, index: number): TextEdit {
  const element = list[index]!;
  const next = list[index + 1];
  if (next) return { start: element.getStart(sourceFile), end: next.getStart(sourceFile), replacement: "" };
  const previous = list[index - 1];
  if (previous) {
    // The last of several: take the comma before it; a trailing comma after it stays valid.
    return { start: previous.getEnd(), end: element.getEnd(), replacement: "" };
  }
  const end = list.hasTrailingComma ? sourceFile.text.indexOf(",", element.getEnd()) + 1 : element.getEnd();
  return { start: element.getStart(sourceFile), end, replacement: "" };
}
