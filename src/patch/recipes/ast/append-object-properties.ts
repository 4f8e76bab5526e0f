import ts from "typescript";
import { lineEndingOf, type TextEdit } from "./apply-text-edits.js";

/**
 * An edit that adds `properties` (each already written as `key: value`) at the end of an object
 * literal, in its layout: on one line for `{ a: 1 }`, one per line with the same indentation
 * for a multi-line object, and keeping a trailing comma if the object had one.
 */
export function appendObjectProperties(sourceFile: ts.SourceFile, object: ts.ObjectLiteralExpression, properties: readonly string[]): TextEdit {
  const text = sourceFile.text;
  const elements = object.properties;
  const close = object.getEnd() - 1;
  if (elements.length === 0) {
    return { start: object.getStart(sourceFile), end: object.getEnd(), replacement: `{ ${properties.join(", ")} }` };
  }
  const last = elements[elements.length - 1]!;
  const trailingComma = elements.hasTrailingComma;
  const multiline = sourceFile.getLineAndCharacterOfPosition(last.getStart(sourceFile)).line !== sourceFile.getLineAndCharacterOfPosition(close).line;
  if (!multiline) {
    const at = last.getEnd();
    const added = properties.map((p) => `, ${p}`).join("");
    return { start: at, end: at + (trailingComma ? 1 : 0), replacement: `${added}${trailingComma ? "," : ""}` };
  }
  const eol = lineEndingOf(text);
  const lastLineStart = sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(last.getStart(sourceFile)).line]!;
  const indent = text.slice(lastLineStart, last.getStart(sourceFile));
  const at = last.getEnd();
  const lines = properties.map((p, i) => `${eol}${indent}${p}${i < properties.length - 1 || trailingComma ? "," : ""}`).join("");
  return { start: at, end: at + (trailingComma ? 1 : 0), replacement: `,${lines}` };
}
