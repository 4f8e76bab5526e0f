import ts from "typescript";
import { unwrapExpression } from "./unwrap-expression.js";

/** One piece of a string built by `+` or a template: fixed text, or a value spliced in. */
export type StringPart = { kind: "text"; value: string; node: ts.Node } | { kind: "value"; node: ts.Expression };

/**
 * The pieces of a string expression in order: `"<b>" + name + "</b>"` and `` `<b>${name}</b>` ``
 * both give text, value, text. A single expression that is neither gives one value (or text).
 * A `+` chain counts as string building only when some piece is text; `a + b` alone may be a sum.
 */
export function stringParts(expression: ts.Expression): StringPart[] {
  const parts: StringPart[] = [];
  const visit = (node: ts.Expression): void => {
    const inner = unwrapExpression(node);
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken && buildsString(inner)) {
      visit(inner.left);
      visit(inner.right);
    } else if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) {
      parts.push({ kind: "text", value: inner.text, node: inner });
    } else if (ts.isTemplateExpression(inner)) {
      parts.push({ kind: "text", value: inner.head.text, node: inner.head });
      for (const span of inner.templateSpans) {
        visit(span.expression);
        parts.push({ kind: "text", value: span.literal.text, node: span.literal });
      }
    } else {
      parts.push({ kind: "value", node });
    }
  };
  visit(expression);
  return parts;
}

/** Whether a `+` chain has a string literal or template somewhere, i.e. is concatenation. */
function buildsString(node: ts.BinaryExpression): boolean {
  const visit = (current: ts.Expression): boolean => {
    const inner = unwrapExpression(current);
    if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isTemplateExpression(inner)) return true;
    return ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken && (visit(inner.left) || visit(inner.right));
  };
  return visit(node);
}
