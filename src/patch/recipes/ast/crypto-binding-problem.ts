import ts from "typescript";

/**
 * Why the name `crypto` cannot be made to mean Node's `node:crypto` in this file, or null when it
 * already does or is unused. A file that uses a `crypto` it does not import (the Web Crypto
 * global, a parameter, a variable) would change meaning if a fix imported Node's module.
 */
export function cryptoBindingProblem(sourceFile: ts.SourceFile): string | null {
  let imported = false;
  let used = false;
  const isCryptoModule = (node: ts.Node | undefined): boolean =>
    !!node && ts.isStringLiteral(node) && (node.text === "crypto" || node.text === "node:crypto");
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && isCryptoModule(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      if (clause?.name?.text === "crypto" || (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === "crypto")) imported = true;
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && d.name.text === "crypto" && init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && isCryptoModule(init.arguments[0])) {
          imported = true;
        }
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === "crypto" && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) used = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (imported || !used) return null;
  return "the file already uses a `crypto` it does not import from node:crypto (the Web Crypto global or a variable), so adding the import would change what that code does.";
}
