import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { looksLikeBrowserCode } from "./ast/looks-like-browser-code.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const REQUIRE_ENV: HelperFunction = {
  name: "requireEnv",
  javascript: `// Secrets come from the environment, not the source; fail at once, naming what is missing.
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(\`Environment variable \${name} is not set; it holds a secret that must not live in the code.\`);
  return value;
}`,
  typescript: `// Secrets come from the environment, not the source; fail at once, naming what is missing.
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Environment variable \${name} is not set; it holds a secret that must not live in the code.\`);
  return value;
}`,
};

/** Names that say "this is a credential": used to pick the secret among several literals. */
const CREDENTIAL_NAME = /pass|pwd|secret|token|key|cred|auth|api|private|salt/i;
/** Names too generic to stand alone as an environment variable. */
const GENERIC_NAME = /^(?:password|passwd|pass|pwd|secret|key|token|apikey|api_key|auth|credentials?)$/i;
/** Words that add nothing to an environment variable's name: `dbConfig.password` → DB_PASSWORD. */
const NOISE_WORDS = /(?:config|configuration|options|opts|settings|params)$/i;

interface Candidate {
  /** The node replaced by `requireEnv("NAME")`: the literal, or `process.env.X || "literal"`. */
  node: ts.Expression;
  name: string | null;
  credentialLike: boolean;
}

/**
 * Hard-coded credentials. The literal secret becomes `requireEnv("NAME")`, a small helper that
 * reads `process.env.NAME` and throws a clear error when it is unset. NAME comes from the binding
 * (`const dbPassword` → DB_PASSWORD, `session({ secret })` → SESSION_SECRET, `process.env.X ||
 * "…"` → X). Declined when the secret has no binding to name it after, or in browser code.
 */
export const hardcodedCredentialsRecipe: Recipe = {
  family: "hardcoded-credentials",
  ruleIds: [
    "js/hardcoded-credentials",
    "javascript.express.security.audit.express-session-hardcoded-secret.express-session-hardcoded-secret",
    "javascript.express.security.express-jwt-hardcoded-secret.express-jwt-hardcoded-secret",
    "javascript.jsonwebtoken.security.jwt-hardcode.hardcoded-jwt-secret",
  ],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    if (looksLikeBrowserCode(file.sourceFile)) {
      return declined("this reads as browser code, which has no process.env; a secret shipped to the browser must move to the server, a design change for a person.");
    }
    const candidates = literalsIn(file).map(candidateFor);
    if (candidates.length === 0) return declined("no string literal that could be the secret is at the alerted location.");
    const credentials = candidates.filter((c) => c.credentialLike);
    const chosen = credentials.length === 1 ? credentials[0]! : candidates.length === 1 ? candidates[0]! : null;
    if (!chosen) return declined("several literals at the alerted location could be the secret; choosing one would be a guess.");
    if (!chosen.name) {
      return declined(`\`${chosen.node.getText()}\` is not bound to a variable or property, so there is no name to give its environment variable.`);
    }
    const helper = ensureHelperFunction(file.sourceFile, REQUIRE_ENV, file.typescript);
    if (!helper.ok) return declined(helper.reason);
    const edits: TextEdit[] = [{ start: chosen.node.getStart(file.sourceFile), end: chosen.node.getEnd(), replacement: `requireEnv(${JSON.stringify(chosen.name)})` }];
    if (helper.edit) edits.push(helper.edit);
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `A secret was written into the source, where everyone with the code (and its history) can read it. It is now read from the environment variable ${chosen.name}, and the code stops with a clear error when that is unset. Rotate the old secret: it stays in the repository's history.`,
    };
  },
};

function literalsIn(file: AlertedFile): Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral> {
  const found: Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral> = [];
  const visit = (node: ts.Node): void => {
    if (node.getEnd() < file.range.start || node.getStart(file.sourceFile) > file.range.end) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text !== "" && isValuePosition(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return found;
}

/** Module names, property keys and type positions are not values that can hold a secret. */
function isValuePosition(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return false;
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === "require") return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return false;
  return true;
}

function candidateFor(literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): Candidate {
  let node: ts.Expression = literal;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  const named = (words: string[]): Candidate => ({ node, name: envName(words), credentialLike: words.some((w) => CREDENTIAL_NAME.test(w)) });
  if (ts.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    const variable = processEnvName(parent.left);
    // `process.env.X || "fallback"`: the fallback is the leak; require X itself.
    if (variable) return { node: parent, name: variable, credentialLike: true };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return named([parent.name.text]);
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    const key = propertyName(parent.name);
    return key ? named(qualified(key, parent)) : { node, name: null, credentialLike: false };
  }
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = unwrapExpression(parent.left);
    if (ts.isIdentifier(left)) return named([left.text]);
    if (ts.isPropertyAccessExpression(left)) {
      const receiver = unwrapExpression(left.expression);
      const owner = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : null;
      return named(GENERIC_NAME.test(left.name.text) && owner ? [owner, left.name.text] : [left.name.text]);
    }
  }
  if (ts.isCallExpression(parent) && parent.arguments[1] === node) {
    const callee = unwrapExpression(parent.expression);
    // jsonwebtoken's sign/verify(payload, secret): the one argument position that is always a key.
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "sign" || callee.name.text === "verify") && ts.isIdentifier(callee.expression) && /jwt|jsonwebtoken/i.test(callee.expression.text)) {
      return { node, name: "JWT_SECRET", credentialLike: true };
    }
  }
  return { node, name: null, credentialLike: false };
}

/**
 * The words that name a property's value: enclosing property keys, and for a generic key
 * (`secret`, `password`) the call or variable the object belongs to (`session({ secret })`).
 */
function qualified(key: string, property: ts.PropertyAssignment | ts.PropertyDeclaration): string[] {
  const words = [key];
  if (ts.isPropertyDeclaration(property)) return words;
  let object: ts.Node = property.parent;
  while (ts.isPropertyAssignment(object.parent) && ts.isObjectLiteralExpression(object.parent.parent)) {
    const outer = propertyName(object.parent.name);
    if (outer) words.unshift(outer);
    object = object.parent.parent;
  }
  if (words.length > 1 || !GENERIC_NAME.test(key)) return words;
  const holder = object.parent;
  if (ts.isCallExpression(holder)) {
    const callee = unwrapExpression(holder.expression);
    let subject: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(subject)) subject = unwrapExpression(subject.expression);
    if (ts.isIdentifier(subject)) words.unshift(subject.text);
  } else if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
    const stem = holder.name.text.replace(NOISE_WORDS, "");
    if (stem) words.unshift(stem);
  }
  return words;
}

function processEnvName(expression: ts.Expression): string | null {
  const node = unwrapExpression(expression);
  const env = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? unwrapExpression(node.expression) : null;
  if (!env || !ts.isPropertyAccessExpression(env) || env.name.text !== "env" || unwrapExpression(env.expression).getText() !== "process") return null;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const key = unwrapExpression((node as ts.ElementAccessExpression).argumentExpression);
  return ts.isStringLiteral(key) ? key.text : null;
}

function propertyName(name: ts.PropertyName): string | null {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text.replace(/^#/, "") : null;
}

/** ["dbPassword"] → DB_PASSWORD, ["session", "secret"] → SESSION_SECRET, ["JWTSecret"] → JWT_SECRET. */
function envName(words: string[]): string | null {
  const name = words
    .map((word) =>
      word
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
        .replace(/[^A-Za-z0-9]+/g, "_"),
    )
    .join("_")
    .toUpperCase()
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  if (!name) return null;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
