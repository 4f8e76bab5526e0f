import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { appendObjectProperties } from "./ast/append-object-properties.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { findBinding } from "./ast/find-binding.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringLiteralFor } from "./ast/string-literal-for.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** Session middlewares and where their cookie options live. */
const SESSION_MODULES: Record<string, "cookie" | "top"> = { "express-session": "cookie", "cookie-session": "top" };

type Flag = "secure" | "httpOnly" | "sameSite";

/** Which flag each rule is about: an explicit `false` for that flag is overridden, others are kept. */
const ENFORCED_BY_RULE: Record<string, Flag> = {
  "js/clear-text-cookie": "secure",
  "javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-secure": "secure",
  "js/client-exposed-cookie": "httpOnly",
  "javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-httponly": "httpOnly",
};

interface CookieOptions {
  /** The call that sets the cookie (to append options to when it has none). */
  call: ts.CallExpression;
  /** The object literal holding the flags, or null when the call passes none. */
  options: ts.ObjectLiteralExpression | null;
  /** Where a missing options object goes: after this argument, or as `cookie: {…}` in this object. */
  insertAfter: ts.Expression | null;
  insertInto: ts.ObjectLiteralExpression | null;
  what: string;
}

/**
 * Insecure cookie flags. `res.cookie(name, value, opts)`, `cookie.serialize(name, value, opts)`
 * and express-session / cookie-session options get `secure: true`, `httpOnly: true` and
 * `sameSite: "lax"` where missing. The flag the rule is about is also turned on when set to a
 * literal `false`; other explicit settings are left alone. Options in a variable, spread in, or
 * computed for the flag in question are declined.
 */
export const insecureCookieRecipe: Recipe = {
  family: "insecure-cookie",
  ruleIds: [
    "js/clear-text-cookie",
    "js/client-exposed-cookie",
    "javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-secure",
    "javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-httponly",
  ],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const enforced = ENFORCED_BY_RULE[input.alert.ruleId.trim().toLowerCase()] ?? "secure";
    const target = findCookieCall(file);
    if (typeof target === "string") return declined(target);
    const q = (value: string) => stringLiteralFor(file.sourceFile, value);
    const wanted: Record<Flag, string> = { secure: "true", httpOnly: "true", sameSite: q("lax") };
    if (!target.options) {
      const added = (Object.keys(wanted) as Flag[]).map((flag) => `${flag}: ${wanted[flag]}`);
      const edit: TextEdit = target.insertInto
        ? appendObjectProperties(file.sourceFile, target.insertInto, [`cookie: { ${added.join(", ")} }`])
        : { start: target.insertAfter!.getEnd(), end: target.insertAfter!.getEnd(), replacement: `, { ${added.join(", ")} }` };
      return fixed(file, [edit], target.what, added);
    }
    const options = target.options;
    if (options.properties.some((p) => ts.isSpreadAssignment(p))) {
      return declined("the cookie options spread in another object, which may set these flags; adding them here could override a deliberate choice or be overridden.");
    }
    const edits: TextEdit[] = [];
    const missing: string[] = [];
    const changed: string[] = [];
    for (const flag of Object.keys(wanted) as Flag[]) {
      const property = options.properties.find((p) => p.name && propertyKey(p.name) === flag);
      if (!property) {
        missing.push(`${flag}: ${wanted[flag]}`);
        continue;
      }
      if (flag !== enforced) continue;
      const value = ts.isPropertyAssignment(property) ? unwrapExpression(property.initializer) : null;
      if (value?.kind === ts.SyntaxKind.TrueKeyword) continue;
      if (value?.kind !== ts.SyntaxKind.FalseKeyword) {
        return declined(`\`${flag}\` is set from \`${value?.getText() ?? property.getText()}\`; when the cookie may go without it is a decision for a person.`);
      }
      edits.push({ start: value.getStart(file.sourceFile), end: value.getEnd(), replacement: "true" });
      changed.push(`${flag}: true`);
    }
    if (missing.length > 0) edits.push(appendObjectProperties(file.sourceFile, options, missing));
    if (edits.length === 0) return declined("the cookie already sets secure, httpOnly and sameSite; nothing to add.");
    return fixed(file, edits, target.what, [...changed, ...missing]);
  },
};

function fixed(file: AlertedFile, edits: TextEdit[], what: string, flags: string[]): RecipeOutcome {
  return {
    status: "fixed",
    after: applyTextEdits(file.text, edits),
    explanation: `${what} set a cookie that could travel over plain HTTP or be read by page scripts. It now sets ${flags.map((f) => `\`${f}\``).join(", ")}. Over plain-HTTP development servers, secure cookies are not sent back; use HTTPS locally or set the flag per environment.`,
  };
}

function findCookieCall(file: AlertedFile): CookieOptions | string {
  const calls = nodesInRange(file.sourceFile, file.range, ts.isCallExpression);
  for (const call of calls.reverse()) {
    const callee = unwrapExpression(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : null;
    if ((method === "cookie" && ts.isPropertyAccessExpression(callee)) || (method === "serialize" && isCookieModule(callee))) {
      if (call.arguments.length < 2) continue;
      const what = method === "cookie" ? "`res.cookie`" : "`cookie.serialize`";
      const third = call.arguments[2];
      if (!third) return { call, options: null, insertAfter: call.arguments[1]!, insertInto: null, what };
      const options = unwrapExpression(third);
      if (!ts.isObjectLiteralExpression(options)) return `the cookie options are passed as \`${third.getText()}\`, built elsewhere; the flags must be set where that object is made.`;
      return { call, options, insertAfter: null, insertInto: null, what };
    }
    const session = ts.isIdentifier(callee) ? sessionModuleOf(callee) : null;
    if (session) {
      const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
      if (!first || !ts.isObjectLiteralExpression(first)) return "the session options are built elsewhere; the flags must be set where that object is made.";
      const what = `\`${callee.getText()}(…)\``;
      if (SESSION_MODULES[session] === "top") return { call, options: first, insertAfter: null, insertInto: null, what };
      const cookie = first.properties.find((p) => p.name && propertyKey(p.name) === "cookie");
      if (!cookie) return { call, options: null, insertAfter: null, insertInto: first, what };
      const value = ts.isPropertyAssignment(cookie) ? unwrapExpression(cookie.initializer) : null;
      if (!value || !ts.isObjectLiteralExpression(value)) return "the session's cookie options are built elsewhere; the flags must be set where that object is made.";
      return { call, options: value, insertAfter: null, insertInto: null, what };
    }
  }
  return "no res.cookie, cookie.serialize or session middleware call is at the alerted location.";
}

/** `cookie.serialize` where `cookie` is the `cookie` package, or a `serialize` imported from it. */
function isCookieModule(callee: ts.Expression): boolean {
  const identifier = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
  return ts.isIdentifier(identifier) && moduleOf(identifier) === "cookie";
}

function sessionModuleOf(identifier: ts.Identifier): string | null {
  const module = moduleOf(identifier);
  return module && module in SESSION_MODULES ? module : null;
}

/** The package a name was imported or required from, if this file says. */
function moduleOf(identifier: ts.Identifier): string | null {
  const binding = findBinding(identifier);
  if (!binding) return null;
  if (binding.kind === "import") {
    const specifier = (binding.declaration as ts.ImportDeclaration).moduleSpecifier;
    return staticStringValue(specifier as ts.Expression);
  }
  const init = binding.initializer && unwrapExpression(binding.initializer);
  if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0]) {
    return staticStringValue(init.arguments[0]);
  }
  return null;
}

function propertyKey(name: ts.PropertyName): string | null {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
}
