import ts from "typescript";
import type { Recipe, RecipeInput, RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, lineEndingOf, type TextEdit } from "./ast/apply-text-edits.js";
import { createSymbolResolver, type SymbolResolver } from "./ast/create-symbol-resolver.js";
import { ensureImport } from "./ast/ensure-import.js";
import { guardAnchorFor, type GuardAnchor } from "./ast/guard-anchor-for.js";
import { indentStep, insertGuard, lineIndent } from "./ast/insert-guard.js";
import { moduleBindings, type ModuleBinding } from "./ast/module-bindings.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { parseSource } from "./ast/parse-source.js";
import { stringParts } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** Calls that read, write or serve the file a path names. */
const FILE_SINKS = new Set([
  "readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createReadStream", "createWriteStream",
  "unlink", "unlinkSync", "rm", "rmSync", "rmdir", "rmdirSync", "mkdir", "mkdirSync", "stat", "statSync", "lstat", "lstatSync",
  "access", "accessSync", "exists", "existsSync", "open", "openSync", "readdir", "readdirSync", "copyFile", "copyFileSync",
  "rename", "renameSync", "truncate", "truncateSync", "sendFile", "download", "outputFile", "outputFileSync", "readJson",
  "readJsonSync", "writeJson", "writeJsonSync", "remove", "removeSync", "ensureDir", "ensureDirSync", "ensureFile", "ensureFileSync",
]);
const NEW_NAMES = ["filePath", "safePath", "targetPath", "resolvedPath", "checkedPath"];
const RESPONSE_METHODS = new Set(["status", "sendStatus", "send", "json", "sendFile", "download", "render", "redirect"]);

class Decline extends Error {}

/**
 * Path traversal (and zip slip): a file path built from a root directory and input, where `../`
 * or an absolute path in the input reaches files outside the root. The built path is resolved and
 * refused unless it stays under the resolved root (`startsWith(root + path.sep)`), before anything
 * touches the file. The refusal reuses the handler's way out: an HTTP 403 through the response
 * object, the callback's error, skipping the archive entry, or else an exception.
 */
export const pathTraversalRecipe: Recipe = {
  family: "path-traversal",
  ruleIds: [
    "js/path-injection",
    "js/zipslip",
    "javascript.lang.security.audit.path-traversal.path-join-resolve-traversal.path-join-resolve-traversal",
    "javascript.express.security.audit.express-path-join-resolve-traversal.express-path-join-resolve-traversal",
    "javascript.lang.security.audit.detect-non-literal-fs-filename.detect-non-literal-fs-filename",
    "security/detect-non-literal-fs-filename",
  ],
  fix: fixPathTraversal,
};

/** A path expression to check: where it is built, and what its root is. */
interface Candidate {
  /** The expression that builds the path. */
  expression: ts.Expression;
  /** `const p = <expression>`: the declaration it initialises, checked right after it. */
  declaration: ts.VariableDeclaration | null;
  /** Source text of the arguments for `path.resolve(…)` that give the root directory. */
  root: string;
}

function fixPathTraversal(input: RecipeInput): RecipeOutcome {
  const opened = openAlertedFile(input);
  if ("declined" in opened) return { status: "declined", reason: opened.declined };
  const { sourceFile, range } = opened.file;
  const zip = input.alert.ruleId.trim().toLowerCase() === "js/zipslip";
  const resolver = createSymbolResolver(sourceFile);
  const pathBindings = moduleBindings(sourceFile, ["path"]);

  const edits: TextEdit[] = [];
  const candidates: Candidate[] = [];
  let pathName: string;
  try {
    const expressions = alertedPaths(sourceFile, range, resolver, pathBindings);
    if (expressions.length === 0) {
      throw new Decline("the alert does not point at a file path passed to a file-system call or built with `path.join` / `path.resolve`.");
    }
    for (const found of expressions) {
      const candidate = candidateFor(found, sourceFile, resolver, pathBindings, zip);
      if (!candidates.some((c) => c.expression === candidate.expression)) candidates.push(candidate);
    }
    pathName = pathModuleName(sourceFile, pathBindings, edits);
    const taken = new Set<string>();
    for (const candidate of candidates) edits.push(...guardEdits(candidate, sourceFile, resolver, pathName, zip, taken));
  } catch (error) {
    if (error instanceof Decline) return { status: "declined", reason: error.message };
    throw error;
  }

  const after = applyTextEdits(sourceFile.text, edits);
  if (parseSource(input.alert.path, after).syntaxErrors.length > 0) {
    return { status: "declined", reason: "the guarded code would not parse; the alerted code has a shape this recipe does not handle." };
  }
  return {
    status: "fixed",
    after,
    explanation: zip
      ? "An archive entry's name was joined to the destination directory, so an entry named `../…` could be written outside it (zip slip). Each entry's resolved path is now checked to stay inside the destination, and entries that escape are refused."
      : "A file path was built from input, so `../` or an absolute path could reach files outside the intended directory. The resolved path is now checked to stay inside that directory before the file is used, and other paths are refused.",
  };
}

const overlaps = (node: ts.Node, range: { start: number; end: number }, sourceFile: ts.SourceFile): boolean =>
  node.getEnd() >= range.start && node.getStart(sourceFile) <= range.end;

/** `path.join(…)` / `path.resolve(…)` (or the named imports), as a call of the path module. */
function pathCallKind(node: ts.Node, resolver: SymbolResolver, bindings: readonly ModuleBinding[]): "join" | "resolve" | null {
  if (!ts.isCallExpression(node)) return null;
  const callee = unwrapExpression(node.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method !== "join" && method !== "resolve") return null;
    const owner = unwrapExpression(callee.expression);
    if (!ts.isIdentifier(owner)) return null;
    const symbol = resolver.symbolOf(owner);
    return bindings.some((b) => b.kind === "whole" && resolver.symbolOf(b.name) === symbol) ? method : null;
  }
  if (ts.isIdentifier(callee)) {
    const symbol = resolver.symbolOf(callee);
    const binding = bindings.find((b) => b.kind === "named" && resolver.symbolOf(b.name) === symbol);
    if (binding && binding.kind === "named" && (binding.imported === "join" || binding.imported === "resolve")) return binding.imported;
  }
  return null;
}

function sinkName(call: ts.CallExpression): string | null {
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return null;
}

/**
 * The path expressions the alert is about: `path.join` / `path.resolve` calls in it, and paths
 * handed to file-system calls in it (through a variable, its initializer). Those inside the alert
 * win; else the innermost one around it.
 */
function alertedPaths(sourceFile: ts.SourceFile, range: { start: number; end: number }, resolver: SymbolResolver, bindings: readonly ModuleBinding[]): ts.Expression[] {
  const inside: ts.Expression[] = [];
  const around: ts.Expression[] = [];
  const add = (expression: ts.Expression): void => {
    const start = expression.getStart(sourceFile);
    const end = expression.getEnd();
    const list = start >= range.start && end <= range.end ? inside : start <= range.start && end >= range.end ? around : inside;
    if (!list.includes(expression)) list.push(expression);
  };
  const visit = (node: ts.Node): void => {
    if (!overlaps(node, range, sourceFile)) return;
    if (pathCallKind(node, resolver, bindings)) {
      // The outermost path call is the path; calls nested in it are parts of it.
      add(node as ts.Expression);
      return;
    }
    if (ts.isCallExpression(node)) {
      const name = sinkName(node);
      if (name && FILE_SINKS.has(name)) {
        // The path is the first argument; `copyFile` / `rename` take two.
        const pathArguments = node.arguments.slice(0, /^(copyFile|rename)/.test(name) ? 2 : 1);
        for (const argument of pathArguments) {
          if (!overlaps(argument, range, sourceFile)) continue;
          const inner = unwrapExpression(argument);
          const fixed = ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isNumericLiteral(inner);
          const callback = ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isObjectLiteralExpression(inner);
          if (!fixed && !callback) add(inner);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (inside.length > 0) return inside;
  return around.length > 0 ? [around[around.length - 1]!] : [];
}

/** Where the path is built, and its root directory; declines when no root can be told from the code. */
function candidateFor(found: ts.Expression, sourceFile: ts.SourceFile, resolver: SymbolResolver, bindings: readonly ModuleBinding[], zip: boolean): Candidate {
  let expression = found;
  let declaration: ts.VariableDeclaration | null = null;
  if (ts.isIdentifier(found)) {
    const resolved = resolver.symbolOf(found)?.valueDeclaration;
    if (!resolved || !ts.isVariableDeclaration(resolved) || !resolved.initializer || !ts.isIdentifier(resolved.name)) {
      throw new Decline(`\`${found.text}\` arrives from elsewhere (a parameter or an outer variable), so no root directory it should stay in can be told from this code.`);
    }
    expression = unwrapExpression(resolved.initializer);
    declaration = resolved;
  } else if (ts.isVariableDeclaration(found.parent) && found.parent.initializer === found && ts.isIdentifier(found.parent.name)) {
    declaration = found.parent;
  }
  if (declaration) {
    const symbol = resolver.symbolOf(declaration.name as ts.Identifier);
    if (!symbol || resolver.writesOf(symbol).length > 0) {
      throw new Decline(`\`${declaration.name.getText(sourceFile)}\` is reassigned after it is built, so a check where it is built would not cover every value.`);
    }
  }
  const root = rootOf(expression, sourceFile, resolver, bindings, zip);
  return { expression, declaration, root };
}

/** The `path.resolve(…)` arguments naming the root directory the path is built under. */
function rootOf(expression: ts.Expression, sourceFile: ts.SourceFile, resolver: SymbolResolver, bindings: readonly ModuleBinding[], zip: boolean): string {
  const trusted = (node: ts.Expression): boolean => isRootLike(node, resolver, bindings, zip, 0);
  if (pathCallKind(expression, resolver, bindings)) {
    const args = (expression as ts.CallExpression).arguments;
    const rootArgs: ts.Expression[] = [];
    for (const arg of args) {
      if (ts.isSpreadElement(arg)) break;
      if (!trusted(arg)) break;
      rootArgs.push(arg);
    }
    if (rootArgs.length === args.length) throw new Decline("every part of the path is fixed in the code, so there is no input to keep inside a directory.");
    if (rootArgs.length === 0) throw new Decline(`the path \`${expression.getText(sourceFile)}\` does not start with a fixed directory, so there is no root to keep it in.`);
    return rootArgs.map((a) => a.getText(sourceFile)).join(", ");
  }
  const parts = stringParts(expression);
  if (!parts.some((p) => p.kind === "text")) {
    throw new Decline(`the path \`${expression.getText(sourceFile)}\` is not built from a fixed directory and input, so there is no root to keep it in.`);
  }
  // The fixed prefix up to its last "/" names the directory; what follows is input.
  const prefix: Array<{ text: string } | { node: ts.Expression }> = [];
  for (const part of parts) {
    if (part.kind === "text" && part.value === "") continue; // a template's empty head or tail
    if (part.kind === "text") prefix.push({ text: part.value });
    else if (trusted(part.node)) prefix.push({ node: part.node });
    else break;
  }
  if (prefix.length === parts.filter((p) => p.kind !== "text" || p.value !== "").length) throw new Decline("every part of the path is fixed in the code, so there is no input to keep inside a directory.");
  // The fixed prefix must end at a directory boundary: `"uploads/" + name` names a directory,
  // `"uploads/img_" + name` or `"./static" + url` do not say where the directory ends.
  const last = prefix[prefix.length - 1];
  if (!last || !("text" in last) || !last.text.endsWith("/")) {
    throw new Decline(`the fixed part of \`${expression.getText(sourceFile)}\` does not end with a \`/\` before the input, so which directory the input must stay in cannot be told.`);
  }
  const onlyNode = prefix.length === 2 && "node" in prefix[0]! && last.text === "/";
  if (onlyNode) return (prefix[0] as { node: ts.Expression }).node.getText(sourceFile);
  if (prefix.every((p) => "text" in p)) return JSON.stringify(prefix.map((p) => (p as { text: string }).text).join(""));
  return (
    "`" +
    prefix.map((p) => ("text" in p ? p.text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") : "${" + p.node.getText(sourceFile) + "}")).join("") +
    "`"
  );
}

/**
 * A directory fixed by the code or its configuration: literals, `__dirname`, `process.cwd()`,
 * `os.tmpdir()`, `process.env.X`, `import.meta.dirname`, path calls over those, and `const`s holding
 * them. For zip slip the destination handed in by the caller (a parameter) counts too.
 */
function isRootLike(node: ts.Expression, resolver: SymbolResolver, bindings: readonly ModuleBinding[], zip: boolean, depth: number): boolean {
  if (depth > 6) return false;
  const inner = unwrapExpression(node);
  const recurse = (n: ts.Expression): boolean => isRootLike(n, resolver, bindings, zip, depth + 1);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return true;
  if (ts.isTemplateExpression(inner)) return inner.templateSpans.every((s) => recurse(s.expression));
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return recurse(inner.left) && recurse(inner.right);
    return false;
  }
  if (ts.isMetaProperty(inner)) return true;
  if (ts.isPropertyAccessExpression(inner)) {
    const owner = unwrapExpression(inner.expression);
    if (ts.isMetaProperty(owner)) return true; // import.meta.dirname / import.meta.url
    if (ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === "process" && owner.name.text === "env") return true;
    // A setting read from a configuration object the module holds or imports.
    return configObject(owner, resolver) || (zip && recurse(owner));
  }
  if (ts.isElementAccessExpression(inner)) {
    const owner = unwrapExpression(inner.expression);
    return ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === "process" && owner.name.text === "env";
  }
  if (ts.isCallExpression(inner)) {
    if (pathCallKind(inner, resolver, bindings)) return inner.arguments.every((a) => !ts.isSpreadElement(a) && recurse(a));
    const callee = unwrapExpression(inner.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    const owner = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : null;
    if (owner === "process" && name === "cwd") return true;
    if (name === "tmpdir" || name === "homedir") return inner.arguments.length === 0;
    if (["dirname", "normalize", "fileURLToPath"].includes(name)) return inner.arguments.every((a) => !ts.isSpreadElement(a) && recurse(a));
    return false;
  }
  if (ts.isIdentifier(inner)) {
    const symbol = resolver.symbolOf(inner);
    if (!symbol) return inner.text === "__dirname";
    const declaration = symbol.valueDeclaration;
    if (!declaration) return false;
    if (resolver.writesOf(symbol).length > 0) return false;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isVariableDeclarationList(declaration.parent)) {
      const isConst = (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
      const topLevel = ts.isSourceFile(declaration.parent.parent.parent);
      return (isConst || topLevel) && recurse(declaration.initializer);
    }
    // The destination handed to an extract function; not the entry a per-entry callback receives.
    if (zip && ts.isParameter(declaration)) return !isCallbackArgument(declaration.parent);
    return false;
  }
  return false;
}

/** A function written inline as an argument (`entries.forEach((e) => …)`, `.on("entry", (e) => …)`). */
const isCallbackArgument = (fn: ts.Node): boolean =>
  (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent));

/** `config.uploads`: a module-level object literal, or a binding imported from a file of the project. */
function configObject(owner: ts.Expression, resolver: SymbolResolver): boolean {
  let root = owner;
  while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const symbol = resolver.symbolOf(root);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!symbol || !declaration || resolver.writesOf(symbol).length > 0) return false;
  if (ts.isVariableDeclaration(declaration) && ts.isSourceFile(declaration.parent.parent.parent) && declaration.initializer) {
    const value = unwrapExpression(declaration.initializer);
    if (ts.isObjectLiteralExpression(value)) return true;
    return ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === "require" && relativeModule(value.arguments[0]);
  }
  const importDeclaration = ts.isImportClause(declaration) ? declaration.parent : ts.isImportSpecifier(declaration) ? declaration.parent.parent.parent : ts.isNamespaceImport(declaration) ? declaration.parent.parent : null;
  return importDeclaration !== null && relativeModule(importDeclaration.moduleSpecifier);
}

const relativeModule = (node: ts.Node | undefined): boolean => !!node && ts.isStringLiteralLike(node) && node.text.startsWith(".");

/** The local name of the path module, adding an import when the file has none. */
function pathModuleName(sourceFile: ts.SourceFile, bindings: readonly ModuleBinding[], edits: TextEdit[]): string {
  const whole = bindings.find((b) => b.kind === "whole" && ts.isSourceFile(topStatementOf(b.name).parent));
  if (whole) return whole.name.text;
  // Spell the module as the file already does (`node:path` or `path`).
  const specifier = bindings.some((b) => ts.isImportSpecifier(b.name.parent) || ts.isImportClause(b.name.parent) || ts.isNamespaceImport(b.name.parent))
    ? nodePrefixed(sourceFile)
    : "path";
  for (const name of ["path", "nodePath"]) {
    if (usesName(sourceFile, name)) continue;
    const edit = ensureImport(sourceFile, specifier, name);
    if (edit) edits.push(edit);
    return name;
  }
  throw new Decline("the names `path` and `nodePath` are both taken in this file, so the path module cannot be imported without a clash.");
}

function nodePrefixed(sourceFile: ts.SourceFile): string {
  const spelled = sourceFile.statements.find(
    (s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.replace(/^node:/, "") === "path",
  );
  return spelled && (spelled.moduleSpecifier as ts.StringLiteral).text.startsWith("node:") ? "node:path" : "path";
}

const topStatementOf = (node: ts.Node): ts.Node => {
  let current = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
};

function usesName(sourceFile: ts.SourceFile, name: string): boolean {
  const visit = (node: ts.Node): boolean => (ts.isIdentifier(node) && node.text === name) || (ts.forEachChild(node, visit) ?? false);
  return visit(sourceFile);
}

/** The check (and for an inline path, the new `const` it needs) before the path is used. */
function guardEdits(candidate: Candidate, sourceFile: ts.SourceFile, resolver: SymbolResolver, pathName: string, zip: boolean, taken: Set<string>): TextEdit[] {
  const text = sourceFile.text;
  const eol = lineEndingOf(text);
  const step = indentStep(text);
  if (candidate.declaration) {
    const statement = candidate.declaration.parent.parent;
    if (!ts.isVariableStatement(statement) || !(ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent) || ts.isCaseClause(statement.parent) || ts.isDefaultClause(statement.parent))) {
      throw new Decline("the path is declared where no statement can follow it (a loop header or a lone branch).");
    }
    if (ts.isSourceFile(statement.parent)) throw new Decline("the path is built once at module level, not from a request or an entry; no single place to refuse it exists.");
    const name = candidate.declaration.name.getText(sourceFile);
    const symbol = resolver.symbolOf(candidate.declaration.name as ts.Identifier);
    const uses = symbol ? resolver.referencesOf(symbol).filter((r) => r !== candidate.declaration!.name) : [];
    const lines = checkLines(name, candidate.root, pathName, exitFor(statement, resolver, zip, sourceFile), step, zip, onlyLooksAtDirectories(uses));
    const indent = lineIndent(text, statement.getStart(sourceFile));
    return [{ start: statement.getEnd(), end: statement.getEnd(), replacement: lines.map((line) => `${eol}${indent}${line}`).join("") }];
  }
  const anchor = guardAnchorFor(candidate.expression);
  if (!anchor) throw new Decline("there is no statement before the path is used where a check could go.");
  unconditional(candidate.expression, anchor, sourceFile);
  hoistable(candidate.expression, sourceFile);
  const name = NEW_NAMES.find((n) => !taken.has(n) && !usesName(sourceFile, n));
  if (!name) throw new Decline("every name this recipe would give the checked path is already used in the file.");
  taken.add(name);
  const anchorStatement = anchor.kind === "arrow-body" ? anchor.arrow.body : anchor.statement;
  const checks = checkLines(name, candidate.root, pathName, exitFor(anchorStatement, resolver, zip, sourceFile), step, zip, onlyLooksAtDirectories([candidate.expression]));
  const lines = [`const ${name} = ${candidate.expression.getText(sourceFile)};`, ...checks];
  if (anchor.kind === "before") {
    return [insertGuard(sourceFile, anchor, lines), { start: candidate.expression.getStart(sourceFile), end: candidate.expression.getEnd(), replacement: name }];
  }
  // The statement (or arrow body) holding the path moves into a new block: rename the path inside its text.
  let container: ts.Node = anchor.kind === "wrap" ? anchor.statement : anchor.arrow.body;
  while (ts.isParenthesizedExpression(container)) container = container.expression;
  const start = candidate.expression.getStart(sourceFile) - container.getStart(sourceFile);
  const end = candidate.expression.getEnd() - container.getStart(sourceFile);
  const containerText = container.getText(sourceFile);
  return [insertGuard(sourceFile, anchor, lines, containerText.slice(0, start) + name + containerText.slice(end))];
}

function checkLines(name: string, root: string, pathName: string, exit: string[], step: string, zip: boolean, allowRoot: boolean): string[] {
  const inside = `${pathName}.resolve(${name}).startsWith(${pathName}.resolve(${root}) + ${pathName}.sep)`;
  // Listing or checking the directory itself is fine; reading, writing or deleting it is not.
  const condition = allowRoot ? `${pathName}.resolve(${name}) !== ${pathName}.resolve(${root}) && !${inside}` : `!${inside}`;
  return [
    zip ? "// Refuse entries whose path leaves the destination directory (zip slip)." : "// Refuse paths that leave the intended directory (path traversal).",
    `if (${condition}) {`,
    ...exit.map((line) => `${step}${line}`),
    "}",
  ];
}

/**
 * How the surrounding code already leaves when something is wrong: an HTTP response object (403),
 * a node callback (an error), skipping an archive entry in a loop, or else an exception.
 */
function exitFor(at: ts.Node, resolver: SymbolResolver, zip: boolean, sourceFile: ts.SourceFile): string[] {
  const message = zip ? "Archive entry escapes the destination directory" : "Path escapes the allowed directory";
  if (returnsValue(enclosingFunction(at))) return [`throw new Error("${message}");`];
  const entryHandler = zip ? unzipperEntryHandler(at, sourceFile) : null;
  // unzipper stalls on an entry nobody reads: drain it, then skip it.
  if (entryHandler) return [`${entryHandler}.autodrain();`, "return;"];
  if (zip) {
    for (let current = at.parent; current && !ts.isFunctionLike(current); current = current.parent) {
      if (ts.isForOfStatement(current) || ts.isForInStatement(current) || ts.isForStatement(current) || ts.isWhileStatement(current) || ts.isDoStatement(current)) {
        return ["continue;"];
      }
    }
    const fn = enclosingFunction(at);
    if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(fn.parent)) {
      const callee = fn.parent.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "forEach") return ["return;"];
    }
  }
  // A response object of this handler (or of a handler this code is nested in): answer 403.
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
    for (const parameter of fn.parameters) {
      if (!ts.isIdentifier(parameter.name)) continue;
      const symbol = resolver.symbolOf(parameter.name);
      if (!symbol) continue;
      const members = resolver
        .referencesOf(symbol)
        .map((r) => (ts.isPropertyAccessExpression(r.parent) && r.parent.expression === r ? r.parent.name.text : null));
      const name = parameter.name.text;
      // The answer is sent, then a bare `return`: a handler typed `void` may not return the response.
      if (members.some((m) => m !== null && RESPONSE_METHODS.has(m))) return [`${name}.status(403).send("Forbidden");`, "return;"];
      if (members.includes("writeHead") || members.includes("statusCode") || members.includes("end")) {
        return [`${name}.statusCode = 403;`, `${name}.end("Forbidden");`, "return;"];
      }
    }
  }
  // A node-style callback of this function, already called to report results.
  const fn = enclosingFunction(at);
  const last = fn?.parameters[fn.parameters.length - 1];
  if (last && ts.isIdentifier(last.name) && /^(cb|callback|done)$/.test(last.name.text)) {
    const symbol = resolver.symbolOf(last.name);
    const called = symbol && resolver.referencesOf(symbol).some((r) => ts.isCallExpression(r.parent) && r.parent.expression === r);
    if (called) return [`${last.name.text}(new Error("${message}"));`, "return;"];
  }
  return [`throw new Error("${message}");`];
}

/** Calls that only list or inspect a path: they may be given the root directory itself. */
const DIRECTORY_READERS = new Set(["readdir", "readdirSync", "stat", "statSync", "lstat", "lstatSync", "access", "accessSync", "exists", "existsSync"]);

/** Whether every use of the path is as the path argument of a call that only looks at it. */
function onlyLooksAtDirectories(uses: readonly ts.Node[]): boolean {
  return (
    uses.length > 0 &&
    uses.every((use) => {
      const call = use.parent;
      if (!ts.isCallExpression(call) || call.arguments[0] !== use) return false;
      const name = sinkName(call);
      return name !== null && DIRECTORY_READERS.has(name);
    })
  );
}

/** In a file using unzipper, the entry parameter of an `.on("entry", (entry) => …)` handler around `at`. */
function unzipperEntryHandler(at: ts.Node, sourceFile: ts.SourceFile): string | null {
  const usesUnzipper = moduleBindings(sourceFile, ["unzipper"]).length > 0;
  const fn = enclosingFunction(at);
  if (!usesUnzipper || !fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(fn.parent)) return null;
  const call = fn.parent;
  const callee = call.expression;
  const event = call.arguments[0];
  const entry = fn.parameters[0];
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "on" || !event || !ts.isStringLiteralLike(event) || event.text !== "entry") return null;
  return entry && ts.isIdentifier(entry.name) ? entry.name.text : null;
}

/** A function whose declared return type needs a value: a bare `return` would not type-check there. */
function returnsValue(fn: ts.SignatureDeclaration | null): boolean {
  const type = fn?.type;
  if (!type) return false;
  if (type.kind === ts.SyntaxKind.VoidKeyword || type.kind === ts.SyntaxKind.UndefinedKeyword) return false;
  // Promise<void> for async handlers.
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Promise") {
    const inner = type.typeArguments?.[0];
    return !(inner && (inner.kind === ts.SyntaxKind.VoidKeyword || inner.kind === ts.SyntaxKind.UndefinedKeyword));
  }
  return true;
}

const enclosingFunction = (node: ts.Node): ts.SignatureDeclaration | null => {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return null;
};

/** Moving the path out of its statement must not make it run when it would not have run before. */
function unconditional(expression: ts.Expression, anchor: GuardAnchor, sourceFile: ts.SourceFile): void {
  const stop = anchor.kind === "arrow-body" ? anchor.arrow : anchor.statement;
  for (let child: ts.Node = expression, current = expression.parent; current && current !== stop; child = current, current = current.parent) {
    const conditional =
      (ts.isConditionalExpression(current) && child !== current.condition) ||
      (ts.isBinaryExpression(current) &&
        child === current.right &&
        [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(current.operatorToken.kind)) ||
      ((ts.isCallExpression(current) || ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) && !!current.questionDotToken) ||
      ts.isFunctionLike(current);
    if (conditional) {
      throw new Decline(`the path is only built in some cases (\`${current.getText(sourceFile).slice(0, 60)}\`), so checking it up front could refuse requests that never use it.`);
    }
  }
}

/** The path expression is evaluated before the statement instead of inside it: it must not call anything but path helpers. */
function hoistable(expression: ts.Expression, sourceFile: ts.SourceFile): void {
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
      const safe = ["join", "resolve", "normalize", "basename", "dirname", "String", "decodeURIComponent", "toString", "trim"].includes(name);
      if (!safe) throw new Decline(`building the path calls \`${callee.getText(sourceFile)}\`, and moving that call ahead of its statement could change what the code does.`);
    }
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isNewExpression(node)) {
      throw new Decline("building the path awaits or constructs something, which cannot be moved ahead of its statement safely.");
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      throw new Decline("building the path assigns a variable, which cannot be moved ahead of its statement safely.");
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
}
