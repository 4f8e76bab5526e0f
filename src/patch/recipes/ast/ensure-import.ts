import ts from "typescript";
import { lineEndingOf, type TextEdit } from "./apply-text-edits.js";

export type ModuleStyle = "esm" | "commonjs";

/** Whether the file uses `import` or `require`, so added imports match it. */
export function moduleStyleOf(sourceFile: ts.SourceFile): ModuleStyle {
  const hasImport = sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s));
  return hasImport || sourceFile.fileName.endsWith(".mjs") || sourceFile.fileName.endsWith(".mts") ? "esm" : "commonjs";
}

/**
 * An edit that makes `binding` available from `module` (e.g. `crypto` from `node:crypto`), or null
 * when the file already imports or requires it under that name. Inserted after the last import or
 * require at the top, or at the very top (after a shebang or "use strict").
 */
export function ensureImport(sourceFile: ts.SourceFile, module: string, binding: string): TextEdit | null {
  const text = sourceFile.text;
  const bare = module.replace(/^node:/, "");
  const already = sourceFile.statements.some((statement) => {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const from = statement.moduleSpecifier.text.replace(/^node:/, "");
      const clause = statement.importClause;
      if (from !== bare || !clause) return false;
      if (clause.name?.text === binding) return true;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === binding) return true;
      return !!bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === binding);
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.some(
        (d) =>
          d.initializer &&
          ts.isCallExpression(d.initializer) &&
          ts.isIdentifier(d.initializer.expression) &&
          d.initializer.expression.text === "require" &&
          ts.isStringLiteral(d.initializer.arguments[0] ?? d.initializer) &&
          (d.initializer.arguments[0] as ts.StringLiteral).text.replace(/^node:/, "") === bare &&
          ((ts.isIdentifier(d.name) && d.name.text === binding) ||
            (ts.isObjectBindingPattern(d.name) && d.name.elements.some((e) => ts.isIdentifier(e.name) && e.name.text === binding))),
      );
    }
    return false;
  });
  if (already) return null;

  const eol = lineEndingOf(text);
  const style = moduleStyleOf(sourceFile);
  const line =
    style === "esm" ? `import * as ${binding} from "${module}";` : `const ${binding} = require("${module}");`;
  let anchor = 0;
  for (const statement of sourceFile.statements) {
    const isImport = ts.isImportDeclaration(statement);
    const isRequire =
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.every((d) => d.initializer && ts.isCallExpression(d.initializer) && ts.isIdentifier(d.initializer.expression) && d.initializer.expression.text === "require");
    const isDirective = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (isImport || isRequire || isDirective) anchor = statement.getEnd();
    else break;
  }
  if (anchor === 0) {
    const shebang = /^#![^\n]*\n/.exec(text);
    const at = shebang ? shebang[0].length : 0;
    return { start: at, end: at, replacement: `${line}${eol}` };
  }
  return { start: anchor, end: anchor, replacement: `${eol}${line}` };
}
