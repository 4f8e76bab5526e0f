import ts from "typescript";
import type { Recipe, RecipeInput, RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { createSymbolResolver, type SymbolResolver } from "./ast/create-symbol-resolver.js";
import { guardAnchorFor, type GuardAnchor } from "./ast/guard-anchor-for.js";
import { insertGuard } from "./ast/insert-guard.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { parseSource } from "./ast/parse-source.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const UNSAFE_KEYS = ["__proto__", "constructor", "prototype"];
const UNSAFE_LIST = `[${UNSAFE_KEYS.map((k) => JSON.stringify(k)).join(", ")}]`;

/** How a key is kept away from Object.prototype. */
type Guard =
  /** A loop over an object's own keys (a merge): drop that key and go on with the others. */
  | { kind: "skip"; key: string; body: ts.Statement | ts.ConciseBody; exit: "continue" | "return"; owner: ts.Node }
  /** A key from a path or from input: refuse before the write happens. */
  | { kind: "refuse"; key: string; keyNode: ts.Expression; anchor: GuardAnchor };

class Decline extends Error {}

/**
 * Prototype pollution in merge / deep-assign / set-by-path code: a write `target[key] = …` (or a
 * step `node = node[key]` down a path) where `key` may be `__proto__`, `constructor` or `prototype`
 * reaches Object.prototype. Each key that leads to the write is checked just before it: keys
 * enumerated from a source object are skipped (`continue`), keys from a path or from input are refused.
 */
export const prototypePollutionRecipe: Recipe = {
  family: "prototype-pollution",
  ruleIds: [
    "js/prototype-pollution-utility",
    "js/prototype-polluting-assignment",
    "javascript.lang.security.audit.prototype-pollution.prototype-pollution-loop.prototype-pollution-loop",
    "javascript.lang.security.audit.prototype-pollution.prototype-pollution-assignment.prototype-pollution-assignment",
  ],
  fix: fixPrototypePollution,
};

function fixPrototypePollution(input: RecipeInput): RecipeOutcome {
  const opened = openAlertedFile(input);
  if ("declined" in opened) return { status: "declined", reason: opened.declined };
  const { sourceFile, range } = opened.file;

  const operations = alertedOperations(sourceFile, range);
  if (operations.length === 0) {
    return {
      status: "declined",
      reason: "the alerted code has no property write or path step with a computed key (`target[key] = …` or `node = node[key]`).",
    };
  }

  let guards: Guard[];
  try {
    const resolver = createSymbolResolver(sourceFile);
    const planner = new GuardPlanner(sourceFile, resolver);
    for (const operation of operations) {
      // A step down an object only matters when something is then written through it.
      if (operation.kind === "step" && !writtenThrough(operation.variable, resolver)) continue;
      planner.operation(operation);
    }
    planner.extendToSameKeys();
    guards = planner.guards();
  } catch (error) {
    if (error instanceof Decline) return { status: "declined", reason: error.message };
    throw error;
  }
  if (guards.length === 0) {
    return {
      status: "declined",
      reason: "no computed key in the alerted code leads to a property write (a step such as `node = node[key]` that is only read from cannot reach Object.prototype), so there is no key to check.",
    };
  }

  const edits = guardEdits(sourceFile, guards);
  const after = applyTextEdits(sourceFile.text, edits);
  if (parseSource(input.alert.path, after).syntaxErrors.length > 0) {
    return { status: "declined", reason: "the guarded code would not parse; the alerted code has a shape this recipe does not handle." };
  }
  const skipped = guards.some((g) => g.kind === "skip");
  const refused = guards.some((g) => g.kind === "refuse");
  const how = [
    skipped ? "skips the keys `__proto__`, `constructor` and `prototype` while copying" : null,
    refused ? "refuses those keys before the write" : null,
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    status: "fixed",
    after,
    explanation: `A computed property name could be \`__proto__\`, \`constructor\` or \`prototype\`, letting input write to Object.prototype. The code now ${how}, so the write can only reach the object's own properties.`,
  };
}

/** A write with a computed key, or a step down an object with a computed key. */
type Operation =
  | { kind: "write"; node: ts.ElementAccessExpression }
  | { kind: "step"; variable: ts.Identifier; value: ts.Expression; node: ts.Node };

const isAssignmentOperator = (kind: ts.SyntaxKind): boolean =>
  kind === ts.SyntaxKind.EqualsToken ||
  kind === ts.SyntaxKind.BarBarEqualsToken ||
  kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
  kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken;

function operationOf(node: ts.Node): Operation | null {
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
    const left = unwrapExpression(node.left);
    if (ts.isElementAccessExpression(left)) return { kind: "write", node: left };
    if (ts.isIdentifier(left) && reachesByComputedKey(node.right)) return { kind: "step", variable: left, value: node.right, node };
  }
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && reachesByComputedKey(node.initializer)) {
    return { kind: "step", variable: node.name, value: node.initializer, node };
  }
  return null;
}

/** Whether a value is (or falls back to) `x[key]` with a computed key: a step down into an object. */
function reachesByComputedKey(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  if (ts.isElementAccessExpression(inner)) return !isFixedKey(inner.argumentExpression);
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return reachesByComputedKey(inner.left) || reachesByComputedKey(inner.right);
    }
    if (isAssignmentOperator(op)) return reachesByComputedKey(inner.left) || reachesByComputedKey(inner.right);
  }
  return false;
}

const isFixedKey = (key: ts.Expression): boolean => {
  const inner = unwrapExpression(key);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isNumericLiteral(inner);
};

/** The operations inside the alert, or else the innermost one around it. */
function alertedOperations(sourceFile: ts.SourceFile, range: { start: number; end: number }): Operation[] {
  const inside: Operation[] = [];
  const around: Operation[] = [];
  const visit = (node: ts.Node): void => {
    const start = node.getStart(sourceFile);
    const end = node.getEnd();
    if (end < range.start || start > range.end) return;
    const operation = operationOf(node);
    if (operation) {
      if (start >= range.start && end <= range.end) inside.push(operation);
      else if (start <= range.start && end >= range.end) around.push(operation);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (inside.length > 0) return inside;
  return around.length > 0 ? [around[around.length - 1]!] : [];
}

/**
 * Works out which keys lead to the alerted writes and where each must be checked: the write's own
 * key, the keys of the steps that produced the object written to (`node = node[part]`), and keys
 * further up an `a[k1][k2]` chain. Anything it cannot follow is a decline.
 */
class GuardPlanner {
  private readonly planned = new Map<string, Guard>();
  private readonly followed = new Set<ts.Symbol>();
  /** Objects written through in the alerted code, with a node in the function that writes them. */
  private readonly bases: Array<{ symbol: ts.Symbol; at: ts.Node }> = [];

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly resolver: SymbolResolver,
  ) {}

  /**
   * Earlier writes through the same objects with a key already being checked
   * (`if (!store[ns]) store[ns] = {}` before `store[ns][key] = v`) are checked too, so the one
   * guard goes before the first of them.
   */
  extendToSameKeys(): void {
    const keys = new Set([...this.planned.values()].map((guard) => guard.key));
    for (const { symbol, at } of this.bases) {
      for (const write of this.writesThrough(symbol, at)) {
        if (keys.has(unwrapExpression(write.argumentExpression).getText(this.sourceFile))) this.operation({ kind: "write", node: write });
      }
    }
  }

  guards(): Guard[] {
    const all = this.mergedRefusals([...this.planned.values()]);
    // One check of a key is enough when an earlier statement of the same block already made it
    // and nothing in between can change the key.
    return all.filter((guard) => {
      if (guard.kind !== "refuse" || guard.anchor.kind !== "before") return true;
      const later = guard.anchor.statement;
      return !all.some(
        (other) =>
          other.kind === "refuse" &&
          other.key === guard.key &&
          other.anchor.kind === "before" &&
          other.anchor.statement.parent === later.parent &&
          other.anchor.statement.pos < later.pos &&
          !this.writtenBetween(guard.keyNode, other.anchor.statement.pos, later.pos),
      );
    });
  }

  /**
   * Moves a refusal up to an earlier refusal in the same block when its key is already known there,
   * so one check covers the keys of a statement sequence (`store[ns] ??= {}; store[ns][key] = v`).
   */
  private mergedRefusals(guards: Guard[]): Guard[] {
    return guards.map((guard) => {
      if (guard.kind !== "refuse" || guard.anchor.kind !== "before") return guard;
      const later = guard.anchor.statement;
      const earlier = guards
        .filter((other): other is Extract<Guard, { kind: "refuse" }> => other.kind === "refuse")
        .sort((a, b) => anchorNode(a.anchor).pos - anchorNode(b.anchor).pos)
        .find(
          (other) =>
            other.anchor.kind === "before" &&
            other.anchor.statement.parent === later.parent &&
            other.anchor.statement.pos < later.pos &&
            this.knownAt(guard.keyNode, other.anchor.statement) &&
            !this.writtenBetween(guard.keyNode, other.anchor.statement.pos, later.pos),
        );
      return earlier ? { ...guard, anchor: earlier.anchor } : guard;
    });
  }

  /** Every name in the key is declared before the statement (so a check there can read it). */
  private knownAt(key: ts.Expression, statement: ts.Statement): boolean {
    return variablesIn(key).every((name) => {
      const declaration = this.resolver.symbolOf(name)?.valueDeclaration;
      return !!declaration && declaration.getEnd() <= statement.getStart(this.sourceFile);
    });
  }

  private writtenBetween(key: ts.Expression, start: number, end: number): boolean {
    return variablesIn(key).some((name) => {
      const symbol = this.resolver.symbolOf(name);
      return !symbol || this.resolver.writesOf(symbol).some((w) => w.pos >= start && w.end <= end);
    });
  }

  operation(operation: Operation): void {
    if (operation.kind === "write") {
      this.key(operation.node.argumentExpression, operation.node);
      this.object(operation.node.expression, operation.node);
    } else {
      this.value(operation.value, operation.node);
      this.variable(operation.variable, operation.node);
    }
  }

  /** Where the object a write lands on came from. */
  private object(expression: ts.Expression, at: ts.Node): void {
    const inner = unwrapExpression(expression);
    if (ts.isElementAccessExpression(inner)) {
      this.key(inner.argumentExpression, at);
      this.object(inner.expression, at);
    } else if (ts.isPropertyAccessExpression(inner)) {
      if (UNSAFE_KEYS.includes(inner.name.text)) throw new Decline(`the code writes through \`${inner.getText(this.sourceFile)}\` by name.`);
      this.object(inner.expression, at);
    } else if (ts.isIdentifier(inner)) {
      this.variable(inner, at);
    } else if (inner.kind === ts.SyntaxKind.ThisKeyword || ts.isCallExpression(inner) || ts.isNewExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
      // A fresh or caller-supplied object: only the keys used on it matter.
    } else {
      throw new Decline(`cannot tell where the object \`${inner.getText(this.sourceFile)}\` comes from.`);
    }
  }

  /** A value assigned to a variable that is later written through. */
  private value(expression: ts.Expression, at: ts.Node): void {
    const inner = unwrapExpression(expression);
    if (ts.isBinaryExpression(inner)) {
      const op = inner.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        this.value(inner.left, at);
        this.value(inner.right, at);
        return;
      }
      if (isAssignmentOperator(op)) {
        // `node = node[k] = node[k] || {}`: the inner assignment is a write of its own.
        const left = unwrapExpression(inner.left);
        if (ts.isElementAccessExpression(left)) this.operation({ kind: "write", node: left });
        else if (ts.isIdentifier(left)) this.variable(left, at);
        this.value(inner.right, at);
        return;
      }
    }
    if (ts.isConditionalExpression(inner)) {
      this.value(inner.whenTrue, at);
      this.value(inner.whenFalse, at);
      return;
    }
    if (
      ts.isObjectLiteralExpression(inner) ||
      ts.isArrayLiteralExpression(inner) ||
      ts.isNewExpression(inner) ||
      ts.isCallExpression(inner) ||
      ts.isLiteralExpression(inner) ||
      inner.kind === ts.SyntaxKind.NullKeyword ||
      inner.kind === ts.SyntaxKind.ThisKeyword
    ) {
      return;
    }
    if (ts.isIdentifier(inner) && inner.text === "undefined") return;
    this.object(inner, at);
  }

  /** Every value a variable takes in its function, when it is written through. */
  private variable(identifier: ts.Identifier, at: ts.Node): void {
    const symbol = this.resolver.symbolOf(identifier);
    if (!symbol) throw new Decline(`\`${identifier.text}\` is not declared in this file, so where it points cannot be checked.`);
    if (this.followed.has(symbol)) return;
    this.followed.add(symbol);
    // A cursor walked down an object (`node = node[k]`) reaches the same places through each of
    // its writes in this function: check their keys too, so one guard covers the walk.
    if (this.resolver.writesOf(symbol).length > 0) {
      for (const write of this.writesThrough(symbol, at)) this.operation({ kind: "write", node: write });
    } else {
      this.bases.push({ symbol, at });
    }
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) throw new Decline(`cannot find the declaration of \`${identifier.text}\`.`);
    if (ts.isParameter(declaration) || ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
      this.writesOf(symbol, identifier, at);
      return;
    }
    if (ts.isBindingElement(declaration) || ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) {
      // Destructured or imported objects are handed in from elsewhere, like parameters.
      this.writesOf(symbol, identifier, at);
      return;
    }
    if (ts.isVariableDeclaration(declaration)) {
      const loop = declaration.parent.parent;
      if (!(ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && declaration.initializer) {
        this.value(declaration.initializer, declaration);
      }
      this.writesOf(symbol, identifier, at);
      return;
    }
    throw new Decline(`cannot follow how \`${identifier.text}\` gets its value.`);
  }

  private writesThrough(symbol: ts.Symbol, at: ts.Node): ts.ElementAccessExpression[] {
    const home = functionOf(at);
    const found: ts.ElementAccessExpression[] = [];
    for (const reference of this.resolver.referencesOf(symbol)) {
      if (functionOf(reference) !== home) continue;
      let node: ts.Node = reference;
      while (ts.isPropertyAccessExpression(node.parent) || (ts.isElementAccessExpression(node.parent) && node.parent.expression === node)) {
        node = node.parent;
        const parent = node.parent;
        if (ts.isElementAccessExpression(node) && ts.isBinaryExpression(parent) && unwrapExpression(parent.left) === node && isAssignmentOperator(parent.operatorToken.kind)) {
          found.push(node);
          break;
        }
      }
    }
    return found;
  }

  private writesOf(symbol: ts.Symbol, identifier: ts.Identifier, at: ts.Node): void {
    const home = functionOf(at);
    for (const write of this.resolver.writesOf(symbol)) {
      if (functionOf(write) !== home) {
        throw new Decline(`\`${identifier.text}\` is also reassigned in another function, so every value it can hold cannot be checked here.`);
      }
      const assignment = write.parent;
      if (!ts.isBinaryExpression(assignment) || assignment.left !== write || !isAssignmentOperator(assignment.operatorToken.kind)) {
        throw new Decline(`\`${identifier.text}\` is changed in a way this recipe does not follow (\`${assignment.getText(this.sourceFile)}\`).`);
      }
      this.value(assignment.right, assignment);
    }
  }

  /** A key used to write or to step down: fixed names need nothing, computed ones a guard. */
  private key(expression: ts.Expression, at: ts.Node): void {
    const key = unwrapExpression(expression);
    if (isFixedKey(key)) {
      const name = (key as ts.LiteralExpression).text;
      if (UNSAFE_KEYS.includes(name)) throw new Decline(`the code writes to \`${name}\` by name, which no key check can fix.`);
      return;
    }
    const constant = this.constantKey(key);
    if (constant !== null) {
      if (UNSAFE_KEYS.includes(constant)) throw new Decline(`the code writes to \`${constant}\` through a constant, which no key check can fix.`);
      return;
    }
    if (!isPlainRead(key)) {
      throw new Decline(`the key \`${key.getText(this.sourceFile)}\` is computed with side effects, so checking it first would change what the code does.`);
    }
    const text = key.getText(this.sourceFile);
    const skip = ts.isIdentifier(key) ? this.ownKeyLoop(key) : null;
    if (skip) {
      const id = `skip:${skip.body.pos}:${text}`;
      if (!this.planned.has(id)) this.planned.set(id, { kind: "skip", key: text, ...skip });
      return;
    }
    let anchor = guardAnchorFor(at, { outOfBranches: true });
    if (!anchor) throw new Decline(`there is no statement before \`${at.getText(this.sourceFile)}\` where its key could be checked.`);
    // A refusal may run before the `if` whose block holds the write, when the key is known there:
    // one check then covers the branch and the code after it.
    while (anchor.kind === "before" && ts.isBlock(anchor.statement.parent) && ts.isIfStatement(anchor.statement.parent.parent)) {
      const branch = anchor.statement.parent.parent;
      let outer: ts.Node = branch;
      while (ts.isIfStatement(outer.parent) && outer.parent.elseStatement === outer) outer = outer.parent;
      const list = outer.parent;
      if (!(ts.isBlock(list) || ts.isSourceFile(list) || ts.isCaseClause(list) || ts.isDefaultClause(list)) || !this.knownAt(key, outer as ts.Statement)) break;
      anchor = { kind: "before", statement: outer as ts.Statement };
    }
    this.noWritesWithin(key, anchorNode(anchor));
    const id = `refuse:${anchorNode(anchor).pos}:${text}`;
    if (!this.planned.has(id)) this.planned.set(id, { kind: "refuse", key: text, keyNode: key, anchor });
  }

  /**
   * The name a key always has, when it is a `const` set to a literal, a symbol (`Symbol("x")`,
   * `Symbol.iterator`): "" for symbols, which can never be `__proto__`; null for anything computed.
   */
  private constantKey(key: ts.Expression): string | null {
    const isSymbol = (node: ts.Expression): boolean => {
      const inner = unwrapExpression(node);
      if (ts.isPropertyAccessExpression(inner)) return ts.isIdentifier(inner.expression) && inner.expression.text === "Symbol";
      if (!ts.isCallExpression(inner)) return false;
      const callee = unwrapExpression(inner.expression);
      return (ts.isIdentifier(callee) && callee.text === "Symbol") || (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Symbol" && callee.name.text === "for");
    };
    if (isSymbol(key)) return "";
    if (!ts.isIdentifier(key)) return null;
    const symbol = this.resolver.symbolOf(key);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
    if (!ts.isVariableDeclarationList(declaration.parent) || !(declaration.parent.flags & ts.NodeFlags.Const)) return null;
    const value = unwrapExpression(declaration.initializer);
    if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isNumericLiteral(value)) return value.text;
    return isSymbol(value) ? "" : null;
  }

  /**
   * When `key` is the variable of a loop over an object's own keys (`for (k in src)`,
   * `for (const k of Object.keys(src))`, `for (const [k, v] of Object.entries(src))`,
   * `Object.keys(src).forEach((k) => …)`), where to skip it; else null.
   */
  private ownKeyLoop(key: ts.Identifier): Omit<Extract<Guard, { kind: "skip" }>, "kind" | "key"> | null {
    const symbol = this.resolver.symbolOf(key);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!symbol || !declaration) return null;
    let binding: ts.Node = declaration;
    // `[k, v]` from Object.entries: the key is the first element.
    if (ts.isBindingElement(binding)) {
      const pattern = binding.parent;
      if (!ts.isArrayBindingPattern(pattern) || pattern.elements[0] !== binding) return null;
      binding = pattern.parent;
    }
    if (ts.isVariableDeclaration(binding) && ts.isVariableDeclarationList(binding.parent)) {
      const loop = binding.parent.parent;
      const destructured = !ts.isIdentifier(binding.name);
      const ownKeys =
        (ts.isForInStatement(loop) && !destructured) ||
        (ts.isForOfStatement(loop) && enumeratesOwnKeys(loop.expression, destructured));
      if (!ownKeys) return null;
      if (this.resolver.writesOf(symbol).length > 0) return null;
      return { body: loop.statement, exit: "continue", owner: loop };
    }
    if (ts.isParameter(binding)) {
      const callback = binding.parent;
      if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || callback.parameters[0] !== binding) return null;
      const call = callback.parent;
      if (!ts.isCallExpression(call) || call.arguments[0] !== callback) return null;
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forEach") return null;
      if (!enumeratesOwnKeys(callee.expression, !ts.isIdentifier(binding.name))) return null;
      if (this.resolver.writesOf(symbol).length > 0) return null;
      return { body: callback.body, exit: "return", owner: callback };
    }
    return null;
  }

  /** The key must mean the same at the check as at the write: nothing in between may assign to its names. */
  private noWritesWithin(key: ts.Expression, region: ts.Node): void {
    for (const name of variablesIn(key)) {
      const symbol = this.resolver.symbolOf(name);
      if (!symbol) continue;
      const written = this.resolver.writesOf(symbol).some((w) => w.getStart(this.sourceFile) >= region.getStart(this.sourceFile) && w.getEnd() <= region.getEnd());
      if (written) throw new Decline(`\`${name.text}\` changes inside the statement that uses it as a key, so a check before it would not see the key that is used.`);
    }
  }
}

/** `Object.keys(x)`, `Object.getOwnPropertyNames(x)`, `Reflect.ownKeys(x)` (or `Object.entries(x)` when destructured). */
function enumeratesOwnKeys(expression: ts.Expression, destructured: boolean): boolean {
  const call = unwrapExpression(expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const owner = call.expression.expression;
  const method = call.expression.name.text;
  if (!ts.isIdentifier(owner)) return false;
  if (destructured) return owner.text === "Object" && method === "entries";
  return (owner.text === "Object" && (method === "keys" || method === "getOwnPropertyNames")) || (owner.text === "Reflect" && method === "ownKeys");
}

/** Reading it twice gives the same value and does nothing else: names, member reads, literals, arithmetic. */
function isPlainRead(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner) || ts.isLiteralExpression(inner) || inner.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(inner)) return !inner.questionDotToken && isPlainRead(inner.expression);
  if (ts.isElementAccessExpression(inner)) return !inner.questionDotToken && isPlainRead(inner.expression) && isPlainRead(inner.argumentExpression);
  if (ts.isTemplateExpression(inner)) return inner.templateSpans.every((span) => isPlainRead(span.expression));
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    const arithmetic = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken];
    return arithmetic.includes(op) && isPlainRead(inner.left) && isPlainRead(inner.right);
  }
  return false;
}

/** Whether some `v[…] = …` or `v.a[…] = …` in the file writes through the variable. */
function writtenThrough(variable: ts.Identifier, resolver: SymbolResolver): boolean {
  const symbol = resolver.symbolOf(variable);
  if (!symbol) return true;
  return resolver.referencesOf(symbol).some((reference) => {
    let node: ts.Node = reference;
    while (ts.isPropertyAccessExpression(node.parent) || (ts.isElementAccessExpression(node.parent) && node.parent.expression === node)) {
      node = node.parent;
      const parent = node.parent;
      if (ts.isElementAccessExpression(node) && ts.isBinaryExpression(parent) && parent.left === node && isAssignmentOperator(parent.operatorToken.kind)) {
        return true;
      }
    }
    return false;
  });
}

const functionOf = (node: ts.Node): ts.Node => {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return node.getSourceFile();
};

const anchorNode = (anchor: GuardAnchor): ts.Node => (anchor.kind === "arrow-body" ? anchor.arrow.body : anchor.statement);

/** One edit per place: a skip at the top of each loop body, one combined refusal before each statement. */
function guardEdits(sourceFile: ts.SourceFile, guards: Guard[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const skips = new Map<ts.Node, Extract<Guard, { kind: "skip" }>[]>();
  const refusals = new Map<ts.Node, Extract<Guard, { kind: "refuse" }>[]>();
  for (const guard of guards) {
    if (guard.kind === "skip") skips.set(guard.body, [...(skips.get(guard.body) ?? []), guard]);
    else refusals.set(anchorNode(guard.anchor), [...(refusals.get(anchorNode(guard.anchor)) ?? []), guard]);
  }
  for (const [body, group] of skips) {
    const exit = group[0]!.exit;
    const lines = [
      "// Skip keys that would write to Object.prototype (prototype pollution).",
      `if (${condition(group.map((g) => g.key))}) ${exit};`,
    ];
    edits.push(insertGuard(sourceFile, bodyAnchor(body as ts.Statement | ts.ConciseBody, group[0]!.owner), lines));
  }
  for (const group of refusals.values()) {
    const lines = [
      "// Refuse keys that would write to Object.prototype (prototype pollution).",
      `if (${condition([...group].sort((a, b) => a.keyNode.pos - b.keyNode.pos).map((g) => g.key), group.flatMap((g) => namesIn(g.keyNode)))}) throw new Error("Refusing to set a prototype property");`,
    ];
    edits.push(insertGuard(sourceFile, group[0]!.anchor, lines));
  }
  return edits;
}

/** Where a skip goes: before the first statement of a loop or callback body. */
function bodyAnchor(body: ts.Statement | ts.ConciseBody, owner: ts.Node): GuardAnchor {
  if (ts.isBlock(body)) {
    const first = body.statements[0];
    if (first) return { kind: "before", statement: first };
  }
  if (ts.isArrowFunction(owner) && !ts.isBlock(body)) return { kind: "arrow-body", arrow: owner };
  return { kind: "wrap", statement: body as ts.Statement };
}

/** The variables an expression reads (identifiers that are not member names). */
function variablesIn(node: ts.Node): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current) && !(ts.isPropertyAccessExpression(current.parent) && current.parent.name === current)) names.push(current);
    ts.forEachChild(current, visit);
  };
  visit(node);
  return names;
}

/** The identifiers an expression mentions. */
function namesIn(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) names.push(current.text);
    ts.forEachChild(current, visit);
  };
  visit(node);
  return names;
}

function condition(keys: string[], mentioned: string[] = []): string {
  const unique = [...new Set(keys)];
  if (unique.length === 1) return `${UNSAFE_LIST}.includes(String(${unique[0]}))`;
  // The callback's parameter must not read like one of the keys it checks.
  const name = ["key", "name", "part", "k"].find((n) => !mentioned.includes(n)) ?? "unsafeKey";
  return `[${unique.join(", ")}].some((${name}) => ${UNSAFE_LIST}.includes(String(${name})))`;
}
