import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { findBinding } from "./ast/find-binding.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringParts } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const ESCAPE_REGEXP: HelperFunction = {
  name: "escapeRegExp",
  javascript: `// Makes text match itself inside a regular expression: every metacharacter is escaped.
function escapeRegExp(value) {
  return String(value).replace(/[.*+?^\${}()|[\\]\\\\/]/g, "\\\\$&");
}`,
  typescript: `// Makes text match itself inside a regular expression: every metacharacter is escaped.
function escapeRegExp(value: unknown): string {
  return String(value).replace(/[.*+?^\${}()|[\\]\\\\/]/g, "\\\\$&");
}`,
};

/** Names that say the value is meant as a pattern: escaping it would change what it matches. */
const PATTERN_NAME = /pattern|regex|regexp|^re$|expr/i;
const ALREADY_ESCAPED = /escape|quote/i;

/**
 * Regular-expression injection. Input spliced into `new RegExp(…)` / `RegExp(…)`, or passed to
 * `String#match` / `String#search` (which compile a string argument as a pattern), is escaped
 * with a small `escapeRegExp` helper so it matches itself literally. Declined when the value is
 * named or built as a pattern, or lands inside a character class.
 */
export const regexInjectionRecipe: Recipe = {
  family: "regex-injection",
  ruleIds: ["js/regex-injection"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const sinks = nodesInRange(file.sourceFile, file.range, (n): n is ts.CallExpression | ts.NewExpression => ts.isCallExpression(n) || ts.isNewExpression(n))
      .map(patternArgument)
      .filter((p): p is ts.Expression => p !== null && overlaps(p, file));
    const pattern = sinks.sort((a, b) => span(a) - span(b))[0];
    if (!pattern) return declined("no `new RegExp(…)`, `RegExp(…)`, `.match(…)` or `.search(…)` with a computed pattern is at the alerted location.");
    const toEscape: ts.Expression[] = [];
    let prefix = "";
    for (const part of stringParts(pattern)) {
      if (part.kind === "text") {
        prefix += part.value;
        continue;
      }
      const node = unwrapExpression(part.node);
      if (insideCharacterClass(prefix)) {
        return declined(`\`${part.node.getText()}\` is spliced into a character class, where escaping alone does not keep it to one character.`);
      }
      prefix += "x";
      if (isConstantPattern(node) || isAlreadyEscaped(node)) continue;
      const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : null;
      if (name !== null && PATTERN_NAME.test(name)) {
        return declined(`\`${part.node.getText()}\` is named as a pattern, so it looks meant to be a regular expression; escaping it would change what it matches. Validate or restrict it instead.`);
      }
      toEscape.push(part.node);
    }
    if (toEscape.length === 0) return declined("every value in the pattern is a constant or already escaped; nothing to change.");
    const helper = ensureHelperFunction(file.sourceFile, ESCAPE_REGEXP, file.typescript);
    if (!helper.ok) return declined(helper.reason);
    const edits: TextEdit[] = toEscape.map((node) => ({ start: node.getStart(file.sourceFile), end: node.getEnd(), replacement: `escapeRegExp(${unwrapParens(node).getText(file.sourceFile)})` }));
    if (helper.edit) edits.push(helper.edit);
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `${toEscape.map((n) => `\`${n.getText()}\``).join(", ")} went into a regular expression as is, so input could change what it matches or make it run for a very long time. It is now escaped with an \`escapeRegExp\` helper and matches literally.`,
    };
  },
};

/** The pattern argument of a RegExp constructor, or of `.match`/`.search` when not a regex literal. */
function patternArgument(node: ts.CallExpression | ts.NewExpression): ts.Expression | null {
  const callee = unwrapExpression(node.expression);
  const first = node.arguments?.[0];
  if (!first) return null;
  if (ts.isIdentifier(callee) && callee.text === "RegExp") return first;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && (callee.name.text === "match" || callee.name.text === "search") && node.arguments.length === 1) {
    const inner = unwrapExpression(first);
    if (ts.isRegularExpressionLiteral(inner) || ts.isNewExpression(inner)) return null;
    return first;
  }
  return null;
}

/** An unclosed `[` in the fixed text so far: the next value lands inside a character class. */
function insideCharacterClass(prefix: string): boolean {
  let open = false;
  for (let i = 0; i < prefix.length; i++) {
    const char = prefix[i];
    if (char === "\\") i++;
    else if (char === "[") open = true;
    else if (char === "]") open = false;
  }
  return open;
}

/** A name bound once to a fixed string: a constant fragment of the pattern, not input. */
function isConstantPattern(node: ts.Expression): boolean {
  if (staticStringValue(node) !== null || ts.isNumericLiteral(node)) return true;
  if (!ts.isIdentifier(node)) return false;
  const binding = findBinding(node);
  return !!binding && binding.flags === "const" && !binding.destructured && !!binding.initializer && staticStringValue(binding.initializer) !== null;
}

function isAlreadyEscaped(node: ts.Expression): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrapExpression(node.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  return ALREADY_ESCAPED.test(name);
}

function unwrapParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function overlaps(node: ts.Node, file: AlertedFile): boolean {
  return node.getEnd() >= file.range.start && node.getStart(file.sourceFile) <= file.range.end;
}

function span(node: ts.Node): number {
  return node.getEnd() - node.getStart();
}
