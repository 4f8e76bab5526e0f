import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { findBinding } from "./ast/find-binding.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { isRequestInput } from "./ast/is-request-input.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { stringParts } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";
import { htmlContextAt } from "./xss/html-context-at.js";
import { mayHoldMarkup } from "./xss/may-hold-markup.js";

const ESCAPE_HTML: HelperFunction = {
  name: "escapeHtml",
  javascript: `// Encodes the characters that let text break out of HTML content or a quoted attribute.
function escapeHtml(value) {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}`,
  typescript: `// Encodes the characters that let text break out of HTML content or a quoted attribute.
function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}`,
};

/** Names a server response object goes by in Express, Node's http, Fastify and Hapi handlers. */
const RESPONSE_NAMES = new Set(["res", "response", "resp", "reply"]);
const RESPONSE_WRITERS = new Set(["send", "write", "end"]);
/** Calls that already encode or sanitise what they return: splicing them in is intended. */
const ALREADY_SAFE = /escape|encode|sanitiz|purif|xss/i;

type Sink =
  | { kind: "server"; value: ts.Expression }
  | { kind: "dom"; value: ts.Expression; name: ts.MemberName; replacement: string; what: string }
  | { kind: "refused"; value: ts.Expression; reason: string };

/**
 * Cross-site scripting. On the server, values spliced into an HTML response are HTML-encoded
 * with a small `escapeHtml` helper (only where encoding makes them inert: element text or a
 * quoted, non-URL attribute). In the browser, plain text assigned to `innerHTML` (or passed to
 * `insertAdjacentHTML` / jQuery `.html`) goes to `textContent` (`insertAdjacentText`, `.text`).
 */
export const xssRecipe: Recipe = {
  family: "xss",
  ruleIds: [
    "js/reflected-xss",
    "js/stored-xss",
    "js/xss-through-dom",
    "js/xss",
    "javascript.express.security.audit.xss.direct-response-write.direct-response-write",
    "javascript.browser.security.insecure-innerhtml.insecure-innerhtml",
    "javascript.browser.security.insecure-document-method.insecure-document-method",
    "no-unsanitized/property",
    "no-unsanitized/method",
  ],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const sink = findSink(file);
    if (!sink) {
      return declined("no HTML sink (res.send/write/end, ctx.body, innerHTML, insertAdjacentHTML, jQuery .html) is at the alerted location.");
    }
    if (sink.kind === "refused") return declined(sink.reason);
    return sink.kind === "server" ? fixServerSink(file, sink.value) : fixDomSink(file, sink);
  },
};

function findSink(file: AlertedFile): Sink | null {
  const candidates: Sink[] = [];
  for (const node of nodesInRange(file.sourceFile, file.range, (n): n is ts.Node => ts.isCallExpression(n) || ts.isBinaryExpression(n))) {
    const sink = ts.isCallExpression(node) ? callSink(node) : assignmentSink(node as ts.BinaryExpression);
    if (sink && overlaps(sink.value, file)) candidates.push(sink);
  }
  // When an alert's range covers several sinks (a whole handler), the innermost value is the alerted one.
  candidates.sort((a, b) => span(a.value) - span(b.value));
  return candidates[0] ?? null;
}

function callSink(call: ts.CallExpression): Sink | null {
  const callee = unwrapExpression(call.expression);
  const value = call.arguments[0];
  if (!ts.isPropertyAccessExpression(callee)) return null;
  const method = callee.name.text;
  if (RESPONSE_WRITERS.has(method) && value && RESPONSE_NAMES.has(rootName(callee.expression) ?? "")) return { kind: "server", value };
  if (method === "insertAdjacentHTML" && call.arguments[1]) {
    return { kind: "dom", value: call.arguments[1], name: callee.name, replacement: "insertAdjacentText", what: "insertAdjacentHTML" };
  }
  if (method === "html" && value && isJqueryCall(callee.expression)) return { kind: "dom", value, name: callee.name, replacement: "text", what: "jQuery .html()" };
  if ((method === "write" || method === "writeln") && value && rootName(callee.expression) === "document") {
    return { kind: "refused", value, reason: "document.write has no plain-text twin; rewriting the page-building code is a change for a person." };
  }
  return null;
}

function assignmentSink(node: ts.BinaryExpression): Sink | null {
  const op = node.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.PlusEqualsToken) return null;
  const left = unwrapExpression(node.left);
  if (!ts.isPropertyAccessExpression(left)) return null;
  const property = left.name.text;
  if (property === "innerHTML") {
    if (op === ts.SyntaxKind.PlusEqualsToken) {
      return { kind: "refused", value: node.right, reason: "`innerHTML +=` re-parses the element's existing markup too; switching to textContent would flatten it." };
    }
    return { kind: "dom", value: node.right, name: left.name, replacement: "textContent", what: "innerHTML" };
  }
  if (property === "outerHTML") {
    return { kind: "refused", value: node.right, reason: "`outerHTML` replaces the element itself; there is no text-only equivalent that keeps the page's structure." };
  }
  if (property === "body" && op === ts.SyntaxKind.EqualsToken && ["ctx", "context", "this"].includes(rootName(left.expression) ?? "")) {
    return { kind: "server", value: node.right };
  }
  return null;
}

function fixServerSink(file: AlertedFile, value: ts.Expression): RecipeOutcome {
  const parts = stringParts(value);
  const valueParts = parts.filter((p) => p.kind === "value");
  if (parts.length === 1 && valueParts.length === 1) {
    if (!isRequestInput(value)) {
      const inner = unwrapExpression(value);
      const binding = ts.isIdentifier(inner) ? findBinding(inner) : null;
      if (binding?.initializer && stringParts(binding.initializer).length > 1) {
        return declined(`the HTML sent here is built earlier, where \`${inner.getText()}\` is declared; the values must be encoded there, outside the alerted code.`);
      }
      return declined(`cannot tell whether \`${value.getText()}\` is text or HTML, so encoding it might break the page.`);
    }
    return withEscapes(file, [value], `\`${value.getText()}\``);
  }
  const toEscape: ts.Expression[] = [];
  let prefix = "";
  for (const part of parts) {
    if (part.kind === "text") {
      prefix += part.value;
      continue;
    }
    const node = part.node;
    const inner = unwrapExpression(node);
    prefix += "x";
    if (isNumber(inner) || isAlreadySafe(inner)) continue;
    const context = htmlContextAt(prefix.slice(0, -1));
    if (context !== "text" && context !== "quoted-attribute") {
      return declined(`\`${node.getText()}\` lands in ${describeContext(context)}, where HTML-encoding does not make it safe; this needs a context-specific fix.`);
    }
    const why = mayHoldMarkup(node);
    if (why) return declined(`${why}; encoding it would show its markup as text instead of rendering it.`);
    toEscape.push(node);
  }
  if (toEscape.length === 0) return declined("every value in the response is already encoded or a number; nothing to change.");
  return withEscapes(file, toEscape, toEscape.map((n) => `\`${n.getText()}\``).join(", "));
}

function withEscapes(file: AlertedFile, values: ts.Expression[], names: string): RecipeOutcome {
  const helper = ensureHelperFunction(file.sourceFile, ESCAPE_HTML, file.typescript);
  if (!helper.ok) return declined(helper.reason);
  const edits: TextEdit[] = values.map((node) => ({
    start: node.getStart(file.sourceFile),
    end: node.getEnd(),
    replacement: `escapeHtml(${unwrapParentheses(node).getText(file.sourceFile)})`,
  }));
  if (helper.edit) edits.push(helper.edit);
  return {
    status: "fixed",
    after: applyTextEdits(file.text, edits),
    explanation: `User-controlled text (${names}) was written into an HTML response unencoded, so it could carry a script. It is now HTML-encoded with an \`escapeHtml\` helper before it is spliced into the markup.`,
  };
}

function fixDomSink(file: AlertedFile, sink: Extract<Sink, { kind: "dom" }>): RecipeOutcome {
  const why = mayHoldMarkup(sink.value);
  if (why) {
    return declined(`${why}, so markup looks intended; showing it as text would change the page. It needs a sanitizer (e.g. DOMPurify) or DOM building, which is a judgement call.`);
  }
  const after = applyTextEdits(file.text, [{ start: sink.name.getStart(file.sourceFile), end: sink.name.getEnd(), replacement: sink.replacement }]);
  return {
    status: "fixed",
    after,
    explanation: `\`${sink.value.getText()}\` is plain text but went to ${sink.what}, which parses it as HTML and runs any script it carries. It now goes to ${sink.replacement}, which shows it as text.`,
  };
}

/** A number literal or a `.length`: nothing in it can be markup. */
function isNumber(node: ts.Expression): boolean {
  return ts.isNumericLiteral(node) || (ts.isPropertyAccessExpression(node) && node.name.text === "length");
}

function isAlreadySafe(node: ts.Expression): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrapExpression(node.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  return ALREADY_SAFE.test(name);
}

function isJqueryCall(node: ts.Expression): boolean {
  const inner = unwrapExpression(node);
  let current: ts.Expression = inner;
  // `$(sel).find(x).html(v)`: walk the chain down to the `$(...)` / `jQuery(...)` call.
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(unwrapExpression(current.expression))) {
    current = (unwrapExpression(current.expression) as ts.PropertyAccessExpression).expression;
  }
  if (!ts.isCallExpression(current)) return false;
  const callee = unwrapExpression(current.expression);
  return ts.isIdentifier(callee) && (callee.text === "$" || callee.text === "jQuery");
}

/** `res.status(200).type("html")` → "res": the object at the bottom of a member/call chain. */
function rootName(node: ts.Expression): string | null {
  let current = unwrapExpression(node);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isCallExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isIdentifier(current)) return current.text;
    else if (current.kind === ts.SyntaxKind.ThisKeyword) return "this";
    else return null;
  }
}

function unwrapParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function describeContext(context: string): string {
  switch (context) {
    case "script":
      return "a <script> block";
    case "style":
      return "a <style> block";
    case "comment":
      return "an HTML comment";
    case "url-or-code-attribute":
      return "a URL, style or event-handler attribute";
    case "unquoted-attribute":
      return "an unquoted attribute value";
    default:
      return "the inside of a tag";
  }
}

function overlaps(node: ts.Node, file: AlertedFile): boolean {
  return node.getEnd() >= file.range.start && node.getStart(file.sourceFile) <= file.range.end;
}

function span(node: ts.Node): number {
  return node.getEnd() - node.getStart();
}
