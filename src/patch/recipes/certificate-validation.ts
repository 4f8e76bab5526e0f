import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { removeListElement } from "./ast/remove-list-element.js";
import { removeStatement } from "./ast/remove-statement.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** Options that turn certificate checks off when false: Node's tls/https, and `request`'s. */
const VERIFY_FLAGS = new Set(["rejectUnauthorized", "strictSSL"]);

/**
 * Disabled certificate validation. `rejectUnauthorized: false` (or `strictSSL: false`) becomes
 * `true`; `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` is removed; a `checkServerIdentity`
 * that accepts everything is removed so Node's own check applies. A computed value (a flag only
 * on in development, say) is declined: which environments it covers is a decision for a person.
 */
export const certificateValidationRecipe: Recipe = {
  family: "certificate-validation",
  ruleIds: ["js/disabling-certificate-validation", "problem-based-packs.insecure-transport.js-node.bypass-tls-verification.bypass-tls-verification"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const edits: TextEdit[] = [];
    const changes: string[] = [];
    const seen = new Set<ts.Node>();
    for (const node of nodesInRange(file.sourceFile, file.range, (n): n is ts.Node => ts.isPropertyAssignment(n) || ts.isBinaryExpression(n))) {
      if (seen.has(node)) continue;
      seen.add(node);
      if (ts.isPropertyAssignment(node)) {
        const key = propertyKey(node.name);
        if (key && VERIFY_FLAGS.has(key)) {
          const value = unwrapExpression(node.initializer);
          if (!isFalsyLiteral(value)) {
            if (value.kind === ts.SyntaxKind.TrueKeyword) continue;
            return declined(`\`${key}\` is set from \`${value.getText()}\`; which environments skip certificate checks is a decision for a person.`);
          }
          edits.push({ start: value.getStart(file.sourceFile), end: value.getEnd(), replacement: "true" });
          changes.push(`\`${key}\` is now true`);
        } else if (key === "checkServerIdentity" && acceptsEverything(node.initializer)) {
          const object = node.parent;
          edits.push(removeListElement(file.sourceFile, object.properties, object.properties.indexOf(node)));
          changes.push("the `checkServerIdentity` that accepted any certificate is removed, so Node's own host-name check applies");
        }
        continue;
      }
      const assignment = node as ts.BinaryExpression;
      if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = unwrapExpression(assignment.left);
      const value = unwrapExpression(assignment.right);
      if (isTlsRejectVariable(target)) {
        if (!isFalsyLiteral(value)) return declined(`NODE_TLS_REJECT_UNAUTHORIZED is set from \`${value.getText()}\`; which environments skip certificate checks is a decision for a person.`);
        const statement = assignment.parent;
        const removal = ts.isExpressionStatement(statement) ? removeStatement(file.sourceFile, statement) : null;
        if (!removal) return declined("the NODE_TLS_REJECT_UNAUTHORIZED assignment is part of a larger expression or an unbraced branch; removing it would change the code around it.");
        edits.push(removal);
        changes.push("the line setting NODE_TLS_REJECT_UNAUTHORIZED=0 for the whole process is removed");
      } else if (ts.isPropertyAccessExpression(target) && VERIFY_FLAGS.has(target.name.text)) {
        if (!isFalsyLiteral(value)) return declined(`\`${target.name.text}\` is set from \`${value.getText()}\`; which environments skip certificate checks is a decision for a person.`);
        edits.push({ start: value.getStart(file.sourceFile), end: value.getEnd(), replacement: "true" });
        changes.push(`\`${target.getText()}\` is now true`);
      }
    }
    if (edits.length === 0) return declined("nothing at the alerted location turns certificate validation off in a form this recipe knows.");
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `Certificate validation was switched off, so anyone on the network path could impersonate the server. Changed: ${changes.join("; ")}. If the server uses a private CA, pass it with the \`ca\` option instead.`,
    };
  },
};

/** `false`, `0`, `"0"`: what these options read as "do not verify". */
function isFalsyLiteral(node: ts.Expression): boolean {
  if (node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isNumericLiteral(node)) return Number(node.text) === 0;
  const text = staticStringValue(node);
  return text === "0" || text === "false";
}

function isTlsRejectVariable(node: ts.Expression): boolean {
  const name = ts.isPropertyAccessExpression(node)
    ? node.name.text
    : ts.isElementAccessExpression(node)
      ? staticStringValue(node.argumentExpression)
      : null;
  if (name !== "NODE_TLS_REJECT_UNAUTHORIZED") return false;
  const env = unwrapExpression((node as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return ts.isPropertyAccessExpression(env) && env.name.text === "env" && unwrapExpression(env.expression).getText() === "process";
}

/** `() => undefined`, `() => {}`, `function () { return undefined; }`: a check that never fails. */
function acceptsEverything(node: ts.Expression): boolean {
  const fn = unwrapExpression(node);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const body = fn.body;
  if (!ts.isBlock(body)) {
    const value = unwrapExpression(body);
    return (ts.isIdentifier(value) && value.text === "undefined") || value.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(value);
  }
  if (body.statements.length === 0) return true;
  const only = body.statements.length === 1 ? body.statements[0] : undefined;
  if (!only || !ts.isReturnStatement(only)) return false;
  const value = only.expression && unwrapExpression(only.expression);
  return !value || (ts.isIdentifier(value) && value.text === "undefined") || value.kind === ts.SyntaxKind.NullKeyword;
}

function propertyKey(name: ts.PropertyName): string | null {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
}
