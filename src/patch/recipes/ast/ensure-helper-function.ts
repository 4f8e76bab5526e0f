import ts from "typescript";
import { lineEndingOf, type TextEdit } from "./apply-text-edits.js";

/** A small function a recipe adds once per file, in a JavaScript and a TypeScript spelling. */
export interface HelperFunction {
  name: string;
  /** Source with "\n" line endings; converted to the file's own. */
  javascript: string;
  typescript: string;
}

export type HelperPlacement = { ok: true; edit: TextEdit | null } | { ok: false; reason: string };

/**
 * An edit that adds `helper` after the imports at the top of the file, or none when the same
 * helper is already there (a second alert in the same file). Declines when the name is already
 * used for something else: calling that instead would be a guess about what it does.
 */
export function ensureHelperFunction(sourceFile: ts.SourceFile, helper: HelperFunction, typescript: boolean): HelperPlacement {
  const eol = lineEndingOf(sourceFile.text);
  const code = (typescript ? helper.typescript : helper.javascript).replace(/\r?\n/g, eol);
  const existing = sourceFile.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === helper.name);
  // Compared with its leading comment, which is part of what the recipe wrote.
  if (existing && sourceFile.text.slice(existing.getFullStart(), existing.getEnd()).trimStart() === code) return { ok: true, edit: null };
  if (existing || usesName(sourceFile, helper.name)) {
    return { ok: false, reason: `the file already uses the name \`${helper.name}\`, so the helper this fix needs cannot be added without guessing what the existing one does.` };
  }
  const anchor = topAnchor(sourceFile);
  if (anchor === null) {
    // After a shebang line, which must stay first.
    const at = sourceFile.text.startsWith("#!") ? sourceFile.text.indexOf("\n") + 1 || sourceFile.text.length : 0;
    return { ok: true, edit: { start: at, end: at, replacement: `${code}${eol}${eol}` } };
  }
  // Keep a blank line between the helper and the code that follows it.
  const blankAfter = sourceFile.text.startsWith(`${eol}${eol}`, anchor) || anchor === sourceFile.text.length;
  return { ok: true, edit: { start: anchor, end: anchor, replacement: `${eol}${eol}${code}${blankAfter ? "" : eol}` } };
}

function usesName(sourceFile: ts.SourceFile, name: string): boolean {
  const visit = (node: ts.Node): boolean => (ts.isIdentifier(node) && node.text === name) || (ts.forEachChild(node, visit) ?? false);
  return visit(sourceFile);
}

/** The end of the leading imports, requires and directives; null when the file starts with code. */
function topAnchor(sourceFile: ts.SourceFile): number | null {
  let anchor: number | null = null;
  for (const statement of sourceFile.statements) {
    const isImport = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement);
    const isRequire =
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.every((d) => d.initializer && isRequireCall(d.initializer));
    const isDirective = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (isImport || isRequire || isDirective) anchor = statement.getEnd();
    else break;
  }
  return anchor;
}

function isRequireCall(node: ts.Expression): boolean {
  // `require("x")` and `require("x").member` both count as part of the import block.
  let current = node;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isCallExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === "require";
}
