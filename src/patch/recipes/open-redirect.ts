import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringParts } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const SAFE_REDIRECT: HelperFunction = {
  name: "safeRedirectPath",
  javascript: `// Only paths on this site: "/x" but not "//host" or "/\\host" (browsers read both as another
// host), and no control characters or backslashes, which browsers drop or turn into "/".
function safeRedirectPath(target) {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return "/";
  return /[\\u0000-\\u001f\\u007f\\\\]/.test(target) ? "/" : target;
}`,
  typescript: `// Only paths on this site: "/x" but not "//host" or "/\\host" (browsers read both as another
// host), and no control characters or backslashes, which browsers drop or turn into "/".
function safeRedirectPath(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return "/";
  return /[\\u0000-\\u001f\\u007f\\\\]/.test(target) ? "/" : target;
}`,
};

/** Response methods whose (last) argument is where the browser goes next. */
const REDIRECTS = new Set(["redirect", "location"]);
const LOCATION_SETTERS = new Set(["setHeader", "set", "header", "append"]);

/**
 * Server-side open redirect. The target of `res.redirect(…)` / `res.location(…)` /
 * `ctx.redirect(…)`, a `Location` header, or `writeHead(…, { Location })` is passed through a
 * small `safeRedirectPath` helper that keeps same-site paths and sends anything else to "/".
 * A target built as an absolute URL on purpose is declined: that needs an allow-list of hosts.
 */
export const openRedirectRecipe: Recipe = {
  family: "open-redirect",
  ruleIds: [
    "js/server-side-unvalidated-url-redirection",
    "javascript.express.security.audit.express-open-redirect.express-open-redirect",
    "javascript.express.security.audit.possible-user-input-redirect.unknown-value-in-redirect",
  ],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const targets = nodesInRange(file.sourceFile, file.range, ts.isCallExpression)
      .map(redirectTarget)
      .filter((t): t is ts.Expression => t !== null);
    const target = targets.sort((a, b) => span(a) - span(b))[0];
    if (!target) return declined("no redirect (res.redirect, res.location, ctx.redirect, a Location header) with a computed target is at the alerted location.");
    const inner = unwrapExpression(target);
    if (staticStringValue(inner) !== null) return declined("the redirect target is a fixed string; nothing an attacker controls.");
    if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === "safeRedirectPath") {
      return declined("the redirect target already goes through safeRedirectPath.");
    }
    const head = stringParts(inner)[0];
    if (head?.kind === "text" && /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(head.value)) {
      return declined(`the target is built as an absolute URL (\`${head.value}…\`) on purpose; keeping it working needs an allow-list of hosts, a decision for a person.`);
    }
    const helper = ensureHelperFunction(file.sourceFile, SAFE_REDIRECT, file.typescript);
    if (!helper.ok) return declined(helper.reason);
    const edits: TextEdit[] = [{ start: target.getStart(file.sourceFile), end: target.getEnd(), replacement: `safeRedirectPath(${unwrapParens(target).getText(file.sourceFile)})` }];
    if (helper.edit) edits.push(helper.edit);
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `The redirect went wherever \`${target.getText()}\` said, so a link on this site could send users to a phishing page. It now goes through \`safeRedirectPath\`, which keeps paths on this site and sends anything else to "/".`,
    };
  },
};

function redirectTarget(call: ts.CallExpression): ts.Expression | null {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return null;
  const method = callee.name.text;
  const args = call.arguments;
  if (REDIRECTS.has(method) && args.length >= 1 && args.length <= 2) return args[args.length - 1]!;
  if (LOCATION_SETTERS.has(method) && args.length === 2 && staticStringValue(args[0]!)?.toLowerCase() === "location") return args[1]!;
  if (method === "writeHead") {
    const headers = args.find((a) => ts.isObjectLiteralExpression(unwrapExpression(a)));
    if (!headers) return null;
    for (const property of (unwrapExpression(headers) as ts.ObjectLiteralExpression).properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text.toLowerCase() === "location") {
        return property.initializer;
      }
    }
  }
  return null;
}

function unwrapParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function span(node: ts.Node): number {
  return node.getEnd() - node.getStart();
}
