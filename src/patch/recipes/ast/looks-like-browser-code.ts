import ts from "typescript";

const BROWSER_GLOBALS = new Set(["window", "document", "navigator", "localStorage", "sessionStorage"]);

/**
 * Whether the file reads browser globals and loads no module with `require`/`import`: code
 * that would break if a fix added `require("node:crypto")` or `process.env`.
 */
export function looksLikeBrowserCode(sourceFile: ts.SourceFile): boolean {
  let browser = false;
  let modules = false;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) modules = true;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require") modules = true;
    if (ts.isIdentifier(node) && BROWSER_GLOBALS.has(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) browser = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return browser && !modules;
}
