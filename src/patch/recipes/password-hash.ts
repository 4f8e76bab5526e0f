import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { cryptoBindingProblem } from "./ast/crypto-binding-problem.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { ensureImport } from "./ast/ensure-import.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const HASH: HelperFunction = {
  name: "scryptPasswordHash",
  javascript: `// A slow, salted hash (scrypt), so a leaked table cannot be brute-forced at GPU speed.
// Stored as "scrypt$<salt>$<hash>": the salt travels with the hash it belongs to.
function scryptPasswordHash(password) {
  const salt = crypto.randomBytes(16).toString("hex");
  const hash = crypto.scryptSync(String(password), salt, 64).toString("hex");
  return \`scrypt$\${salt}$\${hash}\`;
}`,
  typescript: `// A slow, salted hash (scrypt), so a leaked table cannot be brute-forced at GPU speed.
// Stored as "scrypt$<salt>$<hash>": the salt travels with the hash it belongs to.
function scryptPasswordHash(password: string): string {
  const salt = crypto.randomBytes(16).toString("hex");
  const hash = crypto.scryptSync(String(password), salt, 64).toString("hex");
  return \`scrypt$\${salt}$\${hash}\`;
}`,
};

const VERIFY: HelperFunction = {
  name: "verifyScryptPasswordHash",
  javascript: `// Re-derives the hash with the stored salt and compares in constant time.
function verifyScryptPasswordHash(password, stored) {
  const [scheme, salt, hash] = String(stored).split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  if (expected.length !== 64) return false;
  return crypto.timingSafeEqual(crypto.scryptSync(String(password), salt, 64), expected);
}`,
  typescript: `// Re-derives the hash with the stored salt and compares in constant time.
function verifyScryptPasswordHash(password: string, stored: string): boolean {
  const [scheme, salt, hash] = String(stored).split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  if (expected.length !== 64) return false;
  return crypto.timingSafeEqual(crypto.scryptSync(String(password), salt, 64), expected);
}`,
};

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/**
 * Insufficient password hash. A one-line hashing function `f(p) { return createHash(alg)
 * .update(p).digest(enc) }` that this file alone uses becomes salted scrypt, and each
 * `f(p) === stored` check becomes a constant-time verify. Declined whenever the hash leaves the
 * file's sight (exported, passed around, compared by other code), because a salted hash cannot
 * be compared by recomputing it.
 */
export const passwordHashRecipe: Recipe = {
  family: "password-hash",
  ruleIds: ["js/insufficient-password-hash", "javascript.lang.security.audit.md5-used-as-password.md5-used-as-password"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const chain = findHashChain(file);
    if (typeof chain === "string") return declined(chain);
    const fn = hashingFunction(chain.digest, chain.password);
    if (typeof fn === "string") return declined(fn);
    const uses = classifyUses(file.sourceFile, fn.name, fn.declaration);
    if (typeof uses === "string") return declined(uses);
    if (uses.comparisons.length === 0) {
      return declined(`this file never checks a password against \`${fn.name.text}\`'s output, so the check happens elsewhere and would break once hashes are salted.`);
    }
    const problem = cryptoBindingProblem(file.sourceFile);
    if (problem) return declined(problem);
    const edits: TextEdit[] = [];
    const imported = ensureImport(file.sourceFile, "node:crypto", "crypto");
    if (imported) edits.push(imported);
    for (const helper of [HASH, VERIFY]) {
      const placed = ensureHelperFunction(file.sourceFile, helper, file.typescript);
      if (!placed.ok) return declined(placed.reason);
      if (placed.edit) edits.push(placed.edit);
    }
    edits.push({ start: chain.digest.getStart(file.sourceFile), end: chain.digest.getEnd(), replacement: `scryptPasswordHash(${chain.password.text})` });
    for (const comparison of uses.comparisons) {
      const negated = comparison.node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || comparison.node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
      const call = `verifyScryptPasswordHash(${comparison.password.getText(file.sourceFile)}, ${comparison.stored.getText(file.sourceFile)})`;
      edits.push({ start: comparison.node.getStart(file.sourceFile), end: comparison.node.getEnd(), replacement: negated ? `!${call}` : call });
    }
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `Passwords were hashed with fast, unsalted ${chain.algorithm}, which is brute-forced in bulk once the table leaks. \`${fn.name.text}\` now uses scrypt with a random salt per password (stored as \`scrypt$salt$hash\`, 168 characters) and checks compare in constant time; hashes stored in the old format no longer verify, so existing users need a reset or a rehash-on-login migration.`,
    };
  },
};

interface HashChain {
  digest: ts.CallExpression;
  password: ts.Identifier;
  algorithm: string;
}

/** `createHash(alg).update(password[, "utf8"]).digest("hex" | "base64")` at the alerted place. */
function findHashChain(file: AlertedFile): HashChain | string {
  const creates = nodesInRange(file.sourceFile, file.range, (n): n is ts.CallExpression => ts.isCallExpression(n) && calleeName(n) === "createHash");
  const create = creates[creates.length - 1];
  if (!create) return "no createHash(…) call is at the alerted location.";
  const algorithm = create.arguments[0] ? staticStringValue(create.arguments[0]) : null;
  if (algorithm === null) return "the hash algorithm is computed, so the hashing cannot be read from the code.";
  const update = memberCall(create, "update");
  const digest = update && memberCall(update, "digest");
  if (!update || !digest) return "the hash is not built in one `createHash(…).update(…).digest(…)` expression, so where its output goes cannot be followed.";
  const encoding = digest.arguments[0] ? staticStringValue(digest.arguments[0]) : null;
  if (encoding !== "hex" && encoding !== "base64") return "the digest is kept as bytes, not a hex or base64 string, so the stored format cannot be carried over.";
  const input = update.arguments[0] && unwrapExpression(update.arguments[0]);
  const inputEncoding = update.arguments[1] ? staticStringValue(update.arguments[1]) : "utf8";
  if (!input || !ts.isIdentifier(input) || (inputEncoding !== "utf8" && inputEncoding !== "utf-8")) {
    return "the hashed value is not a plain password variable (a salt or pepper may be mixed in), so the new hash could not reproduce it.";
  }
  return { digest, password: input, algorithm };
}

/** The function whose whole job is returning the hash of its one parameter. */
function hashingFunction(digest: ts.CallExpression, password: ts.Identifier): { name: ts.Identifier; declaration: ts.Node } | string {
  let fn: ts.Node = digest.parent;
  if (ts.isReturnStatement(fn)) {
    const block = fn.parent;
    if (!ts.isBlock(block) || block.statements.length !== 1) return "the hash is computed among other statements, not in a function that only hashes a password.";
    fn = block.parent;
  }
  if (!ts.isFunctionDeclaration(fn) && !ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) {
    return "the hash is not the result of a small hashing function, so where it is stored and checked cannot be followed.";
  }
  const parameter = fn.parameters.length === 1 ? fn.parameters[0]!.name : null;
  if (!parameter || !ts.isIdentifier(parameter) || parameter.text !== password.text) return "the hashing function takes more than the password, so its callers cannot be rewritten safely.";
  if (ts.isFunctionDeclaration(fn) && fn.name) return { name: fn.name, declaration: fn };
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isVariableDeclarationList(holder.parent) && holder.parent.flags & ts.NodeFlags.Const) {
    return { name: holder.name, declaration: holder.parent.parent };
  }
  return "the hashing function has no name this file calls it by.";
}

interface Comparison {
  node: ts.BinaryExpression;
  password: ts.Expression;
  stored: ts.Expression;
}

/**
 * Every use of the hashing function in the file: comparisons (to rewrite) and stores into a
 * property (the new format is stored as is). Anything else, including any export, declines.
 */
function classifyUses(sourceFile: ts.SourceFile, name: ts.Identifier, declaration: ts.Node): { comparisons: Comparison[] } | string {
  if (ts.canHaveModifiers(declaration) && ts.getModifiers(declaration)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
    return `\`${name.text}\` is exported, so code in other files may compare its output directly; salting the hash would break them.`;
  }
  const comparisons: Comparison[] = [];
  let problem: string | null = null;
  const visit = (node: ts.Node): void => {
    if (problem) return;
    if (ts.isIdentifier(node) && node.text === name.text && node !== name && isReference(node)) {
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node || call.arguments.length !== 1) {
        problem = `\`${name.text}\` is used other than by calling it (exported or passed around at line ${line(sourceFile, node)}), so not every check of its output can be found.`;
        return;
      }
      let use: ts.Node = call.parent;
      while (ts.isParenthesizedExpression(use)) use = use.parent;
      if (ts.isBinaryExpression(use) && COMPARISONS.has(use.operatorToken.kind)) {
        const other = unwrapExpression(use.left) === call ? use.right : use.left;
        comparisons.push({ node: use, password: call.arguments[0]!, stored: other });
      } else if (!(ts.isPropertyAssignment(use) && use.initializer === call) && !(ts.isBinaryExpression(use) && use.operatorToken.kind === ts.SyntaxKind.EqualsToken && use.right === call && ts.isPropertyAccessExpression(use.left))) {
        problem = `the result of \`${name.text}(…)\` at line ${line(sourceFile, node)} is neither stored in a property nor compared, so the new salted format could break it.`;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return problem ?? { comparisons };
}

/** Whether an identifier refers to a binding (not `x.name`, `{ name: … }` keys, or declarations). */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === identifier) return false;
  return true;
}

function memberCall(target: ts.Expression, member: string): ts.CallExpression | null {
  const access = target.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== target || access.name.text !== member) return null;
  const call = access.parent;
  return ts.isCallExpression(call) && call.expression === access ? call : null;
}

function calleeName(call: ts.CallExpression): string | null {
  const callee = unwrapExpression(call.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
}

function line(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}
