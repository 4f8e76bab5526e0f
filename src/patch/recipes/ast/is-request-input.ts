import ts from "typescript";
import { findBinding } from "./find-binding.js";
import { unwrapExpression } from "./unwrap-expression.js";

/** Request members that carry what the client sent (Express, Koa and Node's own request). */
const REQUEST_MEMBERS = new Set(["query", "params", "body", "headers", "cookies", "signedCookies", "url", "originalUrl", "path", "hostname", "files"]);
const REQUEST_NAMES = new Set(["req", "request", "ctx", "context"]);
/** Express request methods that read client input. */
const REQUEST_READERS = new Set(["param", "get", "header"]);
/** Page URL and referrer in the browser: attacker-chosen when a victim follows a link. */
const LOCATION_MEMBERS = new Set(["hash", "search", "href", "pathname"]);
/** Calls that pass their first argument's text through unchanged in kind. */
const TEXT_PASSTHROUGH = new Set(["String", "decodeURIComponent", "decodeURI", "unescape"]);
const TEXT_METHODS = new Set(["trim", "trimStart", "trimEnd", "toString", "toLowerCase", "toUpperCase", "slice", "substring", "substr"]);

/**
 * Whether an expression reads text straight from the HTTP request or the page URL: text an
 * attacker chooses. Follows local `const`/`let` bindings a few steps; anything else is false.
 */
export function isRequestInput(expression: ts.Expression, depth = 0): boolean {
  if (depth > 4) return false;
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    const binding = findBinding(node);
    if (!binding || binding.kind !== "variable" || !binding.initializer) return false;
    if (binding.assignments.some((value) => !isRequestInput(value, depth + 1))) return false;
    return isRequestInput(binding.initializer, depth + 1) || (binding.destructured && isRequestObject(binding.initializer));
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // `req.query.q ?? ""`: the input, with a default for when it is missing.
    return isRequestInput(node.left, depth + 1);
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    if (ts.isIdentifier(callee) && TEXT_PASSTHROUGH.has(callee.text) && node.arguments[0]) return isRequestInput(node.arguments[0], depth + 1);
    if (ts.isPropertyAccessExpression(callee)) {
      if (TEXT_METHODS.has(callee.name.text)) return isRequestInput(callee.expression, depth + 1);
      if (REQUEST_READERS.has(callee.name.text) && isRequestName(callee.expression)) return true;
    }
    return false;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return isRequestObject(node) || isRequestInput(node.expression, depth + 1);
  }
  return false;
}

/** `req.query`, `req.body.user`, `ctx.request.body`, `location.hash`, `document.referrer`… */
function isRequestObject(expression: ts.Expression): boolean {
  const chain = memberChain(expression);
  if (!chain) return false;
  const [root, first, second] = chain;
  if (root && REQUEST_NAMES.has(root)) {
    // Koa's `ctx.body` is the response being written, not input; its input is `ctx.request.body`.
    const isKoaResponseBody = (root === "ctx" || root === "context") && first === "body";
    if (first && REQUEST_MEMBERS.has(first) && !isKoaResponseBody) return true;
    if (first === "request" && second && REQUEST_MEMBERS.has(second)) return true;
  }
  const location = root === "window" || root === "document" ? chain.slice(1) : chain;
  if (location[0] === "location" && location[1] && LOCATION_MEMBERS.has(location[1])) return true;
  return root === "document" && (first === "URL" || first === "documentURI" || first === "referrer");
}

function isRequestName(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  return ts.isIdentifier(inner) && REQUEST_NAMES.has(inner.text);
}

/** `a.b["c"].d` → ["a", "b", "c", "d"]; null when a step is computed from a non-literal. */
function memberChain(expression: ts.Expression): string[] | null {
  const names: string[] = [];
  let current = unwrapExpression(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = unwrapExpression(current.expression);
    } else if (ts.isElementAccessExpression(current)) {
      const key = unwrapExpression(current.argumentExpression);
      names.unshift(ts.isStringLiteral(key) || ts.isNumericLiteral(key) ? key.text : "[]");
      current = unwrapExpression(current.expression);
    } else if (ts.isIdentifier(current)) {
      names.unshift(current.text);
      return names;
    } else {
      return null;
    }
  }
}
