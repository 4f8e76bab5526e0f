import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { appendObjectProperties } from "./ast/append-object-properties.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { findBinding } from "./ast/find-binding.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** Packages whose deserialisers run code embedded in the data, with no safe mode to switch to. */
const CODE_RUNNING_PACKAGES: Record<string, string> = {
  "node-serialize": "node-serialize runs functions embedded in the data (`_$$ND_FUNC$$_` with `()`)",
  "serialize-to-js": "serialize-to-js's deserialize evaluates its input",
  funcster: "funcster rebuilds functions from the data",
  "cryo": "cryo rebuilds functions from the data",
};

/**
 * Unsafe deserialisation. js-yaml 3's `load` (whose default schema builds JavaScript functions
 * and regexps from `!!js/*` tags) gets `{ schema: yaml.DEFAULT_SAFE_SCHEMA }`, exactly what its
 * `safeLoad` does; js-yaml 4 treats that option as its safe default, so the call is safe on both.
 * node-serialize and other code-running formats are declined with the reason: the data format
 * itself has to change.
 */
export const unsafeDeserializationRecipe: Recipe = {
  family: "unsafe-deserialization",
  ruleIds: ["js/unsafe-deserialization", "javascript.express.security.audit.express-third-party-object-deserialization.express-third-party-object-deserialization"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const calls = nodesInRange(file.sourceFile, file.range, ts.isCallExpression);
    for (const call of calls.reverse()) {
      const callee = unwrapExpression(call.expression);
      const owner = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
      const module = ts.isIdentifier(owner) ? moduleOf(owner) : null;
      if (module && module in CODE_RUNNING_PACKAGES) {
        return declined(`${CODE_RUNNING_PACKAGES[module]}, and it has no safe mode; moving to JSON.parse changes the stored or transmitted format, which needs a person to migrate.`);
      }
      if (module === "js-yaml") return fixYamlLoad(file, call, callee, owner as ts.Identifier);
    }
    return declined("no js-yaml load or other known deserialiser call is at the alerted location.");
  },
};

function fixYamlLoad(file: AlertedFile, call: ts.CallExpression, callee: ts.Expression, owner: ts.Identifier): RecipeOutcome {
  if (!ts.isPropertyAccessExpression(callee)) {
    return declined("`load` is imported by name from js-yaml; the safe schema would need another import, which is a change outside the alerted code.");
  }
  const method = callee.name.text;
  if (method === "loadAll") return declined("yaml.loadAll takes its options after an iterator; rewriting its call shape is left for a person.");
  if (method !== "load") return declined(`yaml.${method} is not the loader this recipe knows.`);
  const yaml = owner.text;
  const safe = `${yaml}.DEFAULT_SAFE_SCHEMA`;
  const explanation = `\`${yaml}.load\` with js-yaml 3's default schema turns \`!!js/function\` tags into running JavaScript, so a YAML document could execute code. It now loads with \`${safe}\` (what \`safeLoad\` uses), which builds only plain data; js-yaml 4's load is already safe and treats the option as its default.`;
  const options = call.arguments[1];
  if (!options) {
    const at = call.arguments[0]?.getEnd();
    if (at === undefined) return declined("yaml.load is called without the text to load.");
    return { status: "fixed", after: applyTextEdits(file.text, [{ start: at, end: at, replacement: `, { schema: ${safe} }` }]), explanation };
  }
  const object = unwrapExpression(options);
  if (!ts.isObjectLiteralExpression(object)) return declined(`the load options come from \`${options.getText()}\`, built elsewhere; the schema must be set where that object is made.`);
  if (object.properties.some((p) => ts.isSpreadAssignment(p))) return declined("the load options spread in another object that may set the schema.");
  const schema = object.properties.find((p) => p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "schema");
  let edit: TextEdit;
  if (!schema) edit = appendObjectProperties(file.sourceFile, object, [`schema: ${safe}`]);
  else if (ts.isPropertyAssignment(schema)) {
    const value = unwrapExpression(schema.initializer);
    const name = ts.isPropertyAccessExpression(value) ? value.name.text : null;
    if (name === "DEFAULT_SAFE_SCHEMA" || name === "JSON_SCHEMA" || name === "CORE_SCHEMA" || name === "FAILSAFE_SCHEMA") {
      return declined("the load already uses a safe schema.");
    }
    if (name !== "DEFAULT_FULL_SCHEMA") return declined(`the schema \`${value.getText()}\` is custom; whether its types are safe needs a person.`);
    edit = { start: value.getStart(file.sourceFile), end: value.getEnd(), replacement: safe };
  } else return declined("the schema option is written in a form this recipe does not edit.");
  return { status: "fixed", after: applyTextEdits(file.text, [edit]), explanation };
}

/** The package a name was imported or required from, if this file says. */
function moduleOf(identifier: ts.Identifier): string | null {
  const binding = findBinding(identifier);
  if (!binding) return null;
  if (binding.kind === "import") return staticStringValue((binding.declaration as ts.ImportDeclaration).moduleSpecifier as ts.Expression);
  const init = binding.initializer && unwrapExpression(binding.initializer);
  if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0]) {
    return staticStringValue(init.arguments[0]);
  }
  return null;
}
