import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { cryptoBindingProblem } from "./ast/crypto-binding-problem.js";
import { ensureImport } from "./ast/ensure-import.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { looksLikeBrowserCode } from "./ast/looks-like-browser-code.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringLiteralFor } from "./ast/string-literal-for.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** The classic "random UUID" template whose x/y are filled from Math.random(). */
const UUID_TEMPLATE = /^x{8}-x{4}-4x{3}-[xy]x{3}-x{12}$/;
/** crypto.randomInt's limit on the range it draws from. */
const RANDOM_INT_LIMIT = 2 ** 48;

type Plan = { node: ts.Node; replacement: string; what: string } | { reason: string };

/**
 * Insecure randomness. `Math.random()` used for a token or id is replaced by Node's CSPRNG in
 * the shape of its use: `Math.floor(Math.random() * n)` → `crypto.randomInt(n)`,
 * `Math.random().toString(36).slice(2, k)` → hex from `crypto.randomBytes`, and the well-known
 * UUID template → `crypto.randomUUID()`. A bare float, or browser code, is declined.
 */
export const insecureRandomnessRecipe: Recipe = {
  family: "insecure-randomness",
  ruleIds: ["js/insecure-randomness"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const calls = mathRandomCalls(file);
    if (calls.length === 0) return declined("no `Math.random()` call is at the alerted location.");
    if (looksLikeBrowserCode(file.sourceFile)) {
      return declined("this reads as browser code, where node:crypto is not available; the fix there is `crypto.getRandomValues`, which depends on how the page is built.");
    }
    const problem = cryptoBindingProblem(file.sourceFile);
    if (problem) return declined(problem);
    const plans = new Map<ts.Node, Extract<Plan, { node: ts.Node }>>();
    for (const call of calls) {
      const plan = planFor(file, call);
      if ("reason" in plan) return declined(plan.reason);
      plans.set(plan.node, plan);
    }
    const edits: TextEdit[] = [];
    const imported = ensureImport(file.sourceFile, "node:crypto", "crypto");
    if (imported) edits.push(imported);
    for (const plan of plans.values()) edits.push({ start: plan.node.getStart(file.sourceFile), end: plan.node.getEnd(), replacement: plan.replacement });
    const whats = [...new Set([...plans.values()].map((p) => p.what))].join(", ");
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `\`Math.random()\` is predictable, so a token or id made from it can be guessed. It now comes from Node's cryptographic generator (${whats}).`,
    };
  },
};

/**
 * The Math.random() calls the alert covers. CodeQL may point at where the random value is used
 * (`.substring(2, 15)`) rather than at the call, so an alert with none inside its range looks in
 * the statement that contains it.
 */
function mathRandomCalls(file: AlertedFile): ts.CallExpression[] {
  const inRange = nodesInRange(file.sourceFile, file.range, isMathRandom);
  if (inRange.length > 0) return inRange;
  let statement: ts.Node | null = null;
  const visit = (node: ts.Node): void => {
    if (node.getStart(file.sourceFile) > file.range.start || node.getEnd() < file.range.end) return;
    if (ts.isStatement(node) && !ts.isBlock(node) && !ts.isFunctionDeclaration(node)) statement = node;
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return statement ? nodesInRange(file.sourceFile, { start: (statement as ts.Node).getStart(file.sourceFile), end: (statement as ts.Node).getEnd() }, isMathRandom) : [];
}

function planFor(file: AlertedFile, call: ts.CallExpression): Plan {
  const uuid = uuidTemplateCall(call);
  if (uuid) return { node: uuid, replacement: "crypto.randomUUID()", what: "`crypto.randomUUID()`" };
  const scaled = parentSkippingParens(call);
  if (ts.isBinaryExpression(scaled) && scaled.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const bound = unwrapExpression(scaled.left) === call ? scaled.right : scaled.left;
    const floored = flooring(scaled);
    if (!floored) return { reason: `\`${scaled.getText()}\` is used as a fraction, not rounded down to an integer, so no crypto call has the same shape.` };
    const problem = boundProblem(bound);
    if (problem) return { reason: problem };
    return { node: floored, replacement: `crypto.randomInt(${unwrapParens(bound).getText(file.sourceFile)})`, what: "`crypto.randomInt`" };
  }
  const token = base36Token(file, call);
  if (token) return token;
  return { reason: `\`${scaled.getText()}\` uses Math.random() in a shape whose intended range or format cannot be read from the code; left for a person or the model.` };
}

/** `Math.floor(x)`, `x | 0` or `~~x` around a product: the integer it makes, else null. */
function flooring(product: ts.Expression): ts.Expression | null {
  const parent = parentSkippingParens(product);
  if (ts.isCallExpression(parent) && parent.arguments.length === 1 && unwrapExpression(parent.expression).getText() === "Math.floor") return parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.BarToken && unwrapExpression(parent.right).getText() === "0") return parent;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.TildeToken) {
    const outer = parentSkippingParens(parent);
    if (ts.isPrefixUnaryExpression(outer) && outer.operator === ts.SyntaxKind.TildeToken) return outer;
  }
  return null;
}

/** crypto.randomInt throws on a non-integer or huge bound: accept only bounds that are integers by construction. */
function boundProblem(bound: ts.Expression): string | null {
  const node = unwrapExpression(bound);
  if (ts.isNumericLiteral(node)) {
    const value = Number(node.text);
    return Number.isInteger(value) && value > 0 && value <= RANDOM_INT_LIMIT ? null : `the bound ${node.text} is not a whole number between 1 and 2^48, which crypto.randomInt needs.`;
  }
  if (isIntegerExpression(node)) return null;
  return `the bound \`${bound.getText()}\` may not be a whole number, and crypto.randomInt throws on fractions; left for a person to confirm.`;
}

function isIntegerExpression(node: ts.Expression): boolean {
  const inner = unwrapExpression(node);
  if (ts.isNumericLiteral(inner)) return Number.isInteger(Number(inner.text));
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text === "length";
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    const arithmetic = op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.AsteriskToken;
    return arithmetic && isIntegerExpression(inner.left) && isIntegerExpression(inner.right);
  }
  return false;
}

/** `Math.random().toString(36).slice(2, k)` and kin: a random string of base-36 (or hex) digits. */
function base36Token(file: AlertedFile, call: ts.CallExpression): Plan | null {
  const toString = memberCall(call, "toString");
  if (!toString) return null;
  const radix = toString.arguments[0] ? unwrapExpression(toString.arguments[0]) : null;
  if (!radix || !ts.isNumericLiteral(radix) || (radix.text !== "36" && radix.text !== "16")) {
    return { reason: "Math.random() is turned into text in a radix other than 36 or 16; its format cannot be matched safely." };
  }
  const cut = memberCall(toString, "slice") ?? memberCall(toString, "substring") ?? memberCall(toString, "substr");
  const method = cut && (unwrapExpression(cut.expression) as ts.PropertyAccessExpression).name.text;
  const start = cut?.arguments[0] && unwrapExpression(cut.arguments[0]);
  if (!cut || !start || !ts.isNumericLiteral(start) || start.text !== "2") {
    return { reason: "Math.random().toString(…) is used without cutting off the leading \"0.\", so its exact format cannot be matched." };
  }
  const second = cut.arguments[1] && unwrapExpression(cut.arguments[1]);
  const hex = stringLiteralFor(file.sourceFile, "hex");
  if (!second) return { node: cut, replacement: `crypto.randomBytes(16).toString(${hex})`, what: "`crypto.randomBytes`, 32 hex digits" };
  if (!ts.isNumericLiteral(second)) return { reason: `the token length \`${second.getText()}\` is computed; its intent cannot be read from the code.` };
  const length = method === "substr" ? Number(second.text) : Number(second.text) - 2;
  if (!Number.isInteger(length) || length < 1) return { reason: `the token length ${second.text} does not give a positive number of characters.` };
  // Hex digits are a subset of base 36, so anything that accepted the old token accepts the new one.
  const bytes = Math.ceil(length / 2);
  const digits = `crypto.randomBytes(${bytes}).toString(${hex})${length % 2 === 0 ? "" : `.slice(0, ${length})`}`;
  return { node: cut, replacement: digits, what: `\`crypto.randomBytes\`, ${length} hex digits` };
}

/** The call `target.<name>(…)` whose receiver is `target`, else null. */
function memberCall(target: ts.Expression, name: string): ts.CallExpression | null {
  const access = parentSkippingParens(target);
  if (!ts.isPropertyAccessExpression(access) || access.name.text !== name) return null;
  const call = access.parent;
  return ts.isCallExpression(call) && call.expression === access ? call : null;
}

/** `'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => …Math.random()…)`. */
function uuidTemplateCall(call: ts.CallExpression): ts.CallExpression | null {
  for (let node: ts.Node = call; node.parent; node = node.parent) {
    if (!ts.isFunctionExpression(node) && !ts.isArrowFunction(node)) continue;
    const replace = node.parent;
    if (!ts.isCallExpression(replace) || replace.arguments[1] !== node) return null;
    const callee = unwrapExpression(replace.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "replace") return null;
    const template = staticStringValue(callee.expression);
    return template !== null && UUID_TEMPLATE.test(template) ? replace : null;
  }
  return null;
}

function isMathRandom(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || node.arguments.length !== 0) return false;
  const callee = unwrapExpression(node.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "random" && ts.isIdentifier(callee.expression) && callee.expression.text === "Math";
}

function parentSkippingParens(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

function unwrapParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
