import ts from "typescript";
import { findBinding } from "../ast/find-binding.js";
import { isRequestInput } from "../ast/is-request-input.js";
import { stringParts } from "../ast/string-parts.js";
import { unwrapExpression } from "../ast/unwrap-expression.js";

/** A tag, comment or doctype opener in fixed text: the author meant markup. */
const TAG = /<[a-z!/?]/i;
/** Names developers give to values that hold HTML on purpose. */
const MARKUP_NAME = /html|markup|template|tpl|partial|fragment|widget|snippet/i;

/**
 * Why a value spliced into HTML may itself be markup the author meant to render (so encoding
 * it, or showing it as text, would break the page), or null when it reads as plain text. Plain
 * text is: request input, a property or variable whose every known value is plain text, a number.
 */
export function mayHoldMarkup(expression: ts.Expression, depth = 0): string | null {
  const node = unwrapExpression(expression);
  const shown = node.getText();
  if (isRequestInput(node)) return null;
  if (ts.isNumericLiteral(node)) return null;
  for (const part of stringParts(node)) {
    if (part.kind === "text" && TAG.test(part.value)) return `\`${shown}\` contains markup`;
  }
  if (ts.isIdentifier(node)) {
    if (MARKUP_NAME.test(node.text)) return `\`${node.text}\` is named as HTML`;
    const binding = findBinding(node);
    if (!binding || depth > 3) return null;
    const values = [...(binding.initializer && !binding.destructured ? [binding.initializer] : []), ...binding.assignments];
    for (const value of values) {
      const why = mayHoldMarkup(value, depth + 1);
      if (why) return `\`${node.text}\` is built from HTML (${why})`;
    }
    return null;
  }
  if (ts.isPropertyAccessExpression(node)) {
    return MARKUP_NAME.test(node.name.text) ? `\`${shown}\` is named as HTML` : null;
  }
  if (ts.isElementAccessExpression(node)) return null;
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
    return `\`${shown}\` is the result of a call, which may return HTML`;
  }
  const parts = stringParts(node);
  if (parts.length > 1) {
    for (const part of parts) {
      if (part.kind === "value") {
        const why = mayHoldMarkup(part.node, depth + 1);
        if (why) return why;
      }
    }
    return null;
  }
  return `\`${shown}\` is an expression whose content cannot be read from the code`;
}
