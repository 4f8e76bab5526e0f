import ts from "typescript";

/**
 * The expression without the wrappers that do not change its value at run time: parentheses,
 * TypeScript `as` / `satisfies` / `!` / `<T>x` casts.
 */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}
