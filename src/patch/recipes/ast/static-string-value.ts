import ts from "typescript";
import { unwrapExpression } from "./unwrap-expression.js";

/** The value of a string literal or a template without substitutions; null for anything computed. */
export function staticStringValue(node: ts.Expression): string | null {
  const inner = unwrapExpression(node);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  return null;
}
