import ts from "typescript";

/**
 * A string literal for `value` in the quote style the file already uses (its first string
 * literal decides), so an inserted literal reads like the code around it.
 */
export function stringLiteralFor(sourceFile: ts.SourceFile, value: string): string {
  let quote: "'" | '"' = '"';
  const visit = (node: ts.Node): boolean => {
    if (ts.isStringLiteral(node)) {
      const first = sourceFile.text[node.getStart(sourceFile)];
      quote = first === "'" ? "'" : '"';
      return true;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  visit(sourceFile);
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  const body = json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}
