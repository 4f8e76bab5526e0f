import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits } from "./ast/apply-text-edits.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { stringParts, type StringPart } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** A name that says the text is JSON: evaluating it was a way to parse data. */
const JSON_NAME = /json/i;

/**
 * Code injection. `eval` / `new Function` used to read data becomes `JSON.parse`: the idioms
 * `eval("(" + text + ")")`, `new Function("return " + text)()` and `eval(json)` for a value
 * named as JSON. Evaluating anything else (expressions, scripts, templates) is declined: the
 * intended language cannot be read from the code, and only a parser for it is a fix.
 */
export const codeInjectionRecipe: Recipe = {
  family: "code-injection",
  ruleIds: ["js/code-injection", "security/detect-eval-with-expression", "javascript.lang.security.detect-eval-with-expression.detect-eval-with-expression"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const sinks = nodesInRange(file.sourceFile, file.range, (n): n is ts.CallExpression | ts.NewExpression => ts.isCallExpression(n) || ts.isNewExpression(n)).filter(
      (n) => isEval(n) || isFunctionConstructor(n),
    );
    const sink = sinks[sinks.length - 1];
    if (!sink) return declined("no eval(…) or new Function(…) call is at the alerted location.");
    if (isEval(sink)) {
      const argument = sink.arguments?.[0];
      if (!argument || (sink.arguments?.length ?? 0) !== 1) return declined("eval is called without exactly one argument.");
      const data = dataInside(stringParts(argument), ["(", ")"]) ?? (isNamedJson(argument) ? argument : null);
      if (!data) return declined(whyNotData(argument));
      return parsed(file.text, sink, data, "eval");
    }
    // `new Function("return " + text)()`: only the immediately-called form reads data.
    const called = sink.parent;
    const args = sink.arguments ?? ts.factory.createNodeArray();
    if (!ts.isCallExpression(called) || called.expression !== sink || called.arguments.length !== 0 || args.length !== 1) {
      return declined("new Function builds a reusable function from text; what that code should do instead is a change for a person.");
    }
    const data = dataInside(stringParts(args[0]!), ["return (", ")"]) ?? dataInside(stringParts(args[0]!), ["return ", ""]);
    if (!data) return declined(whyNotData(args[0]!));
    return parsed(file.text, called, data, "new Function");
  },
};

function parsed(text: string, replaced: ts.Node, data: ts.Expression, what: string): RecipeOutcome {
  const sourceFile = replaced.getSourceFile();
  return {
    status: "fixed",
    after: applyTextEdits(text, [{ start: replaced.getStart(sourceFile), end: replaced.getEnd(), replacement: `JSON.parse(${data.getText(sourceFile)})` }]),
    explanation: `\`${data.getText()}\` was run as code through ${what} to read it as data, so input could execute anything. It is now read with JSON.parse, which only ever builds values; input that is not strict JSON (single quotes, trailing commas, functions) is now rejected with a SyntaxError.`,
  };
}

/**
 * The one value between fixed `open` and `close` texts (spaces and a final `;` aside), e.g.
 * `"(" + x + ")"` → x; null for any other shape.
 */
function dataInside(parts: StringPart[], [open, close]: [string, string]): ts.Expression | null {
  const compact = (text: string) => text.replace(/\s+/g, "");
  const kept = parts.filter((p) => p.kind === "value" || compact(p.value) !== "");
  const [first, middle, last, ...rest] = kept;
  if (rest.length > 0 || first?.kind !== "text" || middle?.kind !== "value" || compact(first.value) !== compact(open)) return null;
  const tail = last === undefined ? "" : last.kind === "text" ? compact(last.value).replace(/;$/, "") : null;
  return tail === close ? middle.node : null;
}

function isNamedJson(node: ts.Expression): boolean {
  const inner = unwrapExpression(node);
  const name = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.name.text : null;
  return name !== null && JSON_NAME.test(name);
}

function whyNotData(argument: ts.Expression): string {
  return `\`${argument.getText()}\` is evaluated as code and nothing says it is JSON data; if it is an expression language, a dedicated parser or a fixed set of operations is the fix, which is a design choice for a person (or the model).`;
}

function isEval(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapExpression(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(callee) && callee.text === "eval";
}

function isFunctionConstructor(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapExpression(node.expression);
  return ts.isNewExpression(node) && ts.isIdentifier(callee) && callee.text === "Function";
}
