import ts from "typescript";
import type { Recipe, RecipeInput, RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { createSymbolResolver, type SymbolResolver } from "./ast/create-symbol-resolver.js";
import { moduleBindings, type ModuleBinding } from "./ast/module-bindings.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { pickAlerted } from "./ast/pick-alerted.js";
import { parseSource } from "./ast/parse-source.js";
import { stringParts } from "./ast/string-parts.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";
import { splitShellWords, type WordPiece } from "./command-injection/split-shell-words.js";

/** Programs that are shells, or run their arguments as a command line: an argument array does not help. */
const RUNS_COMMANDS = new Set([
  "sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "busybox", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh",
  "env", "sudo", "su", "doas", "ssh", "xargs", "nohup", "nice", "timeout", "time", "watch", "script", "eval", "exec",
]);
/** Shell builtins: there is no program of that name to run without a shell. */
const BUILTINS = new Set([
  "cd", "export", "source", ".", ":", "alias", "unalias", "set", "unset", "ulimit", "umask", "read", "type", "trap", "wait",
  "shift", "let", "local", "declare", "readonly", "pushd", "popd", "command", "builtin", "hash", "getopts", "fg", "bg",
  "jobs", "return", "break", "continue", "times", "history", "exit",
]);
/** Interpreters whose `-e` / `-c` argument is code. */
const INTERPRETERS = new Set(["node", "nodejs", "python", "python2", "python3", "perl", "ruby", "php", "deno", "bun", "lua", "Rscript"]);
const CODE_FLAGS = new Set(["-e", "-c", "-p", "-r", "--eval", "--print", "-E"]);
/** Values that by their name hold several arguments; an argument array would pass them as one. */
const LIST_NAMES = /^(args|argv|arguments|flags|options|opts|params|parameters|cmd|command|cmdline|commandline)$/i;

const SYNC: Record<string, string> = { exec: "execFile", execSync: "execFileSync" };

class Decline extends Error {}

/**
 * Command injection through `child_process.exec` / `execSync`: a command line built from text and
 * input runs through `/bin/sh`, so `;`, `|` or `$(…)` in the input run other commands. When the
 * command splits into a fixed program and plain arguments, it becomes `execFile` / `execFileSync`
 * with an argument array: no shell, each value one argument. Callbacks and options are kept.
 */
export const commandInjectionRecipe: Recipe = {
  family: "command-injection",
  ruleIds: [
    "js/command-line-injection",
    "js/shell-command-injection-from-environment",
    "js/unsafe-shell-command-construction",
    "js/indirect-command-line-injection",
    "javascript.lang.security.detect-child-process.detect-child-process",
    "security/detect-child-process",
  ],
  fix: fixCommandInjection,
};

interface ExecCall {
  call: ts.CallExpression;
  method: "exec" | "execSync";
  /** How the call names the function: a bound name (`exec(…)`) or a member (`cp.exec(…)`). */
  callee: { kind: "named"; binding: Extract<ModuleBinding, { kind: "named" }> } | { kind: "member"; name: ts.MemberName };
}

function fixCommandInjection(input: RecipeInput): RecipeOutcome {
  const opened = openAlertedFile(input);
  if ("declined" in opened) return { status: "declined", reason: opened.declined };
  const { sourceFile, range, typescript } = opened.file;
  const resolver = createSymbolResolver(sourceFile);
  const bindings = moduleBindings(sourceFile, ["child_process"]);

  const calls = pickAlerted(execCalls(sourceFile, resolver, bindings), (c) => alertableNodes(c, resolver), range, sourceFile);
  if (calls.length === 0) {
    return { status: "declined", reason: noCallReason(sourceFile, range, resolver) };
  }

  const edits: TextEdit[] = [];
  const importPlan = new ImportPlan(sourceFile, resolver, bindings);
  const programs: string[] = [];
  try {
    for (const call of calls) {
      const rewritten = rewriteCall(call, sourceFile, resolver, importPlan, typescript);
      if (!rewritten) continue; // a constant command: nothing to fix in this call
      edits.push(...rewritten.edits);
      programs.push(rewritten.program);
    }
    edits.push(...importPlan.edits(calls));
  } catch (error) {
    if (error instanceof Decline) return { status: "declined", reason: error.message };
    throw error;
  }
  if (programs.length === 0) {
    return { status: "declined", reason: "the alerted command is a fixed string with no input in it, so there is nothing to split out." };
  }

  const after = applyTextEdits(sourceFile.text, edits);
  if (parseSource(input.alert.path, after).syntaxErrors.length > 0) {
    return { status: "declined", reason: "the rewritten call would not parse; the alerted code has a shape this recipe does not handle." };
  }
  const names = [...new Set(programs)].map((p) => `\`${p}\``).join(", ");
  return {
    status: "fixed",
    after,
    explanation: `The command line was built from input and run through a shell, so characters such as \`;\`, \`|\` or \`$(…)\` in the input could run other commands. It now runs ${names} directly with an argument array (\`execFile\`), so each value reaches the program as one argument and no shell interprets it.`,
  };
}

/** Every `exec` / `execSync` call in the file that is really `child_process`'s. */
function execCalls(sourceFile: ts.SourceFile, resolver: SymbolResolver, bindings: ModuleBinding[]): ExecCall[] {
  const found: ExecCall[] = [];
  const wholeSymbols = new Set(bindings.filter((b) => b.kind === "whole").map((b) => resolver.symbolOf(b.name)));
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isIdentifier(callee)) {
        const symbol = resolver.symbolOf(callee);
        const binding = bindings.find(
          (b): b is Extract<ModuleBinding, { kind: "named" }> =>
            b.kind === "named" && (b.imported === "exec" || b.imported === "execSync") && symbol !== null && resolver.symbolOf(b.name) === symbol,
        );
        if (binding) found.push({ call: node, method: binding.imported as ExecCall["method"], callee: { kind: "named", binding } });
      } else if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "exec" || callee.name.text === "execSync")) {
        const owner = unwrapExpression(callee.expression);
        const isModule =
          (ts.isIdentifier(owner) && resolver.symbolOf(owner) !== null && wholeSymbols.has(resolver.symbolOf(owner))) ||
          (ts.isCallExpression(owner) &&
            ts.isIdentifier(owner.expression) &&
            owner.expression.text === "require" &&
            owner.arguments.length === 1 &&
            ts.isStringLiteralLike(owner.arguments[0]!) &&
            owner.arguments[0].text.replace(/^node:/, "") === "child_process");
        if (isModule) found.push({ call: node, method: callee.name.text as ExecCall["method"], callee: { kind: "member", name: callee.name } });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const overlaps = (node: ts.Node, range: { start: number; end: number }, sourceFile: ts.SourceFile): boolean =>
  node.getEnd() >= range.start && node.getStart(sourceFile) <= range.end;

/** The exec call, and the command built for it in a `const` (an alert may point at either). */
function alertableNodes(call: ExecCall, resolver: SymbolResolver): ts.Node[] {
  const initializer = commandDeclaration(call, resolver)?.initializer;
  return initializer ? [call.call, initializer] : [call.call];
}

/** `const cmd = …; exec(cmd)`: the declaration the command comes from, if any. */
function commandDeclaration(call: ExecCall, resolver: SymbolResolver): ts.VariableDeclaration | null {
  const first = call.call.arguments[0];
  if (!first) return null;
  const inner = unwrapExpression(first);
  if (!ts.isIdentifier(inner)) return null;
  const declaration = resolver.symbolOf(inner)?.valueDeclaration;
  return declaration && ts.isVariableDeclaration(declaration) ? declaration : null;
}

function noCallReason(sourceFile: ts.SourceFile, range: { start: number; end: number }, resolver: SymbolResolver): string {
  let named: string | null = null;
  let promisified: string | null = null;
  const visit = (node: ts.Node): void => {
    if (named) return;
    if (ts.isCallExpression(node) && overlaps(node, range, sourceFile)) {
      const callee = unwrapExpression(node.expression);
      const declaration = ts.isIdentifier(callee) ? resolver.symbolOf(callee)?.valueDeclaration : undefined;
      const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrapExpression(declaration.initializer) : null;
      if (init && ts.isCallExpression(init)) {
        const maker = unwrapExpression(init.expression);
        const makerName = ts.isIdentifier(maker) ? maker.text : ts.isPropertyAccessExpression(maker) ? maker.name.text : null;
        if (makerName === "promisify") promisified = (callee as ts.Identifier).text;
      }
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
      if (name && /^(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)$/.test(name)) named = name;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (promisified) {
    return `the command runs through \`${promisified}\`, a promisified \`exec\`; the fix needs a promisified \`execFile\` bound next to it, which this recipe does not add.`;
  }
  if (named === "exec" || named === "execSync") {
    return `the alerted \`${named}\` cannot be traced to Node's \`child_process\` module in this file (it may be another library's \`${named}\`, or wrapped), so replacing it would be a guess.`;
  }
  if (named) return `the alerted call is \`${named}\`; this recipe only rewrites shell command lines passed to \`exec\` / \`execSync\` (a \`shell: true\` option or an explicit shell needs a hand-made fix).`;
  return "the alert does not point at a `child_process.exec` / `execSync` call or at a command built for one.";
}

/** The edits for one call, or null when its command is a fixed string. */
function rewriteCall(
  exec: ExecCall,
  sourceFile: ts.SourceFile,
  resolver: SymbolResolver,
  importPlan: ImportPlan,
  typescript: boolean,
): { edits: TextEdit[]; program: string } | null {
  const { call } = exec;
  const first = call.arguments[0];
  if (!first) throw new Decline("the alerted call has no command argument.");
  if (call.arguments.some((a) => ts.isSpreadElement(a))) throw new Decline("the call spreads its arguments, so the command and options cannot be told apart.");

  const edits: TextEdit[] = [];
  let command = unwrapExpression(first);
  const declaration = commandDeclaration(exec, resolver);
  const initial = declaration?.initializer ? unwrapExpression(declaration.initializer) : null;
  const neverChanged = declaration && ts.isIdentifier(declaration.name) && resolver.writesOf(resolver.symbolOf(declaration.name)!).length === 0;
  if (neverChanged && initial && (ts.isStringLiteral(initial) || ts.isNoSubstitutionTemplateLiteral(initial))) return null; // a named constant command
  if (declaration) {
    command = unwrapExpression(commandFromVariable(declaration, exec, sourceFile, resolver, edits));
  }
  if (ts.isStringLiteral(command) || ts.isNoSubstitutionTemplateLiteral(command)) return null;

  const parts = stringParts(command);
  if (!parts.some((p) => p.kind === "text")) {
    throw new Decline(`the whole command comes from \`${command.getText(sourceFile)}\`, so the program it runs cannot be told from the code.`);
  }
  const split = splitShellWords(parts);
  if (!split.ok) throw new Decline(`${split.reason}; it cannot be turned into a program and an argument list without changing what it does.`);
  const [programWord, ...argWords] = split.words;
  if (!programWord || programWord.length === 0) throw new Decline("the command is empty.");
  if (programWord.some((p) => p.kind === "value")) {
    throw new Decline("the program name itself comes from a value, so which program runs cannot be fixed in the code.");
  }
  const program = programWord.map((p) => (p as { value: string }).value).join("");
  if (program.includes("=")) throw new Decline(`the command starts with an environment assignment (\`${program}\`), which only a shell understands.`);
  if (BUILTINS.has(program)) throw new Decline(`\`${program}\` is a shell builtin; there is no program of that name to run without a shell.`);
  if (RUNS_COMMANDS.has(program.replace(/^.*\//, ""))) {
    throw new Decline(`\`${program}\` runs its arguments as another command, so passing them as an array would not stop injection.`);
  }
  if (/\.(bat|cmd)$/i.test(program)) throw new Decline(`\`${program}\` is a Windows batch file, which Node only runs through a shell.`);
  const argTexts = argWords.map((w) => (w.every((p) => p.kind === "text") ? w.map((p) => (p as { value: string }).value).join("") : null));
  if (INTERPRETERS.has(program.replace(/^.*\//, "")) && argTexts.some((t) => t !== null && CODE_FLAGS.has(t))) {
    throw new Decline(`\`${program}\` is given code to evaluate, which stays injectable with or without a shell.`);
  }
  for (const word of argWords) {
    for (const piece of word) {
      if (piece.kind === "value" && !piece.quoted && word.length === 1) refuseListValue(piece.node, sourceFile);
    }
  }

  checkOptions(exec, sourceFile, resolver);

  const quote = quoteOf(command, sourceFile);
  const args = argWords.map((word) => renderWord(word, quote, sourceFile, typescript));
  const argList = args.length === 0 ? "[]" : `[${args.join(", ")}]`;
  edits.push({ start: first.getStart(sourceFile), end: first.getEnd(), replacement: `${quoted(program, quote)}, ${argList}` });
  const name = importPlan.nameFor(exec);
  if (exec.callee.kind === "member") {
    edits.push({ start: exec.callee.name.getStart(sourceFile), end: exec.callee.name.getEnd(), replacement: name });
  } else {
    const callee = call.expression;
    edits.push({ start: callee.getStart(sourceFile), end: callee.getEnd(), replacement: name });
  }
  return { edits, program };
}

/**
 * `const cmd = "…" + x; exec(cmd)`: the command is rebuilt at the call, so the variable must be a
 * `const` read nowhere else, declared in the same function, with values nothing reassigns in between.
 * The declaration is then removed.
 */
function commandFromVariable(
  declaration: ts.VariableDeclaration,
  exec: ExecCall,
  sourceFile: ts.SourceFile,
  resolver: SymbolResolver,
  edits: TextEdit[],
): ts.Expression {
  const name = declaration.name.getText(sourceFile);
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !declaration.initializer || !ts.isIdentifier(declaration.name)) {
    throw new Decline(`the command comes from \`${name}\`, which is not a \`const\` with a value, so every value it can hold cannot be seen.`);
  }
  const symbol = resolver.symbolOf(declaration.name)!;
  const uses = resolver.referencesOf(symbol).filter((r) => r !== declaration.name);
  if (uses.length !== 1) throw new Decline(`the command in \`${name}\` is also used elsewhere, so it cannot be split up at this call alone.`);
  if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) {
    throw new Decline(`\`${name}\` is declared together with other variables; this recipe only handles its own \`const\` statement.`);
  }
  if (functionOf(statement) !== functionOf(exec.call)) throw new Decline(`\`${name}\` is built in another function than the call that runs it.`);
  const initializer = declaration.initializer;
  // The values move from the declaration to the call: they must still be the same values there.
  const between = { start: statement.getEnd(), end: exec.call.getStart(sourceFile) };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node)) {
      throw new Decline(`building \`${name}\` calls code, and moving that call to where the command runs could change what it does.`);
    }
    if (ts.isIdentifier(node)) {
      const symbolOfValue = resolver.symbolOf(node);
      if (symbolOfValue && resolver.writesOf(symbolOfValue).some((w) => w.pos >= between.start && w.end <= between.end)) {
        throw new Decline(`\`${node.text}\` changes between building \`${name}\` and running it.`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(initializer);
  edits.push(removeStatement(statement, sourceFile));
  return initializer;
}

/** Removes a statement with its whole line when it is alone on it. */
function removeStatement(statement: ts.Statement, sourceFile: ts.SourceFile): TextEdit {
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  const end = statement.getEnd();
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  if (before.trim() === "" && after.trim() === "") {
    return { start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, replacement: "" };
  }
  return { start, end, replacement: "" };
}

function refuseListValue(node: ts.Expression, sourceFile: ts.SourceFile): void {
  const inner = unwrapExpression(node);
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === "join") {
    throw new Decline(`\`${inner.getText(sourceFile)}\` joins several arguments into one string; as an array element it would become a single argument.`);
  }
  const name = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.name.text : null;
  if (name && LIST_NAMES.test(name)) {
    throw new Decline(`\`${inner.getText(sourceFile)}\` reads like several arguments in one string; split into an array it would become a single argument, so the intent cannot be told from the code.`);
  }
}

/** Options that ask for a shell (`shell: …`) would bring the injection back; unseen options might. */
function checkOptions(exec: ExecCall, sourceFile: ts.SourceFile, resolver: SymbolResolver): void {
  const options = exec.call.arguments[1];
  if (!options) return;
  let inner = unwrapExpression(options);
  const last = exec.call.arguments.length === 2;
  if (ts.isIdentifier(inner)) {
    const declaration = resolver.symbolOf(inner)?.valueDeclaration;
    if (declaration && ts.isFunctionDeclaration(declaration)) inner = declaration as unknown as ts.Expression;
    else if (declaration && ts.isParameter(declaration) && last && exec.method === "exec" && /^(cb|callback|done|next|handler|fn)$/i.test(inner.text)) {
      return; // `exec(cmd, callback)`: a callback handed in by the caller
    } else if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isVariableDeclarationList(declaration.parent) && declaration.parent.flags & ts.NodeFlags.Const) {
      inner = unwrapExpression(declaration.initializer);
    }
  }
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isFunctionDeclaration(inner)) {
    if (exec.method === "execSync" || !last) throw new Decline("a function is passed where the options belong.");
    return;
  }
  if (!ts.isObjectLiteralExpression(inner)) {
    throw new Decline(`the options \`${options.getText(sourceFile)}\` are not written out here, so whether they ask for a shell cannot be seen.`);
  }
  for (const property of inner.properties) {
    if (ts.isSpreadAssignment(property)) throw new Decline("the options spread another object, which may ask for a shell.");
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : null;
    if (key === null) throw new Decline("the options have a computed key, which may ask for a shell.");
    if (key === "shell") throw new Decline("the options ask for a shell (`shell:`), so the command line is meant for one.");
  }
}

function quoteOf(command: ts.Expression, sourceFile: ts.SourceFile): "'" | '"' {
  let quote: "'" | '"' | null = null;
  const visit = (node: ts.Node): void => {
    if (quote === null && ts.isStringLiteral(node)) quote = sourceFile.text[node.getStart(sourceFile)] === "'" ? "'" : '"';
    ts.forEachChild(node, visit);
  };
  visit(command);
  if (quote) return quote;
  // A template: follow the file's first string literal.
  visit(sourceFile);
  return quote ?? '"';
}

function quoted(value: string, quote: "'" | '"'): string {
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** One argument: a literal, the value itself, or a template joining text and values. */
function renderWord(word: WordPiece[], quote: "'" | '"', sourceFile: ts.SourceFile, typescript: boolean): string {
  if (word.length === 0) return quoted("", quote);
  if (word.every((p) => p.kind === "text")) return quoted(word.map((p) => (p as { value: string }).value).join(""), quote);
  const only = word[0]!;
  if (word.length === 1 && only.kind === "value") {
    const text = only.node.getText(sourceFile);
    // Node turns any value into a string argument; TypeScript wants the string spelled out.
    return typescript ? `String(${text})` : text;
  }
  return (
    "`" +
    word
      .map((p) => (p.kind === "text" ? p.value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") : "${" + p.node.getText(sourceFile) + "}"))
      .join("") +
    "`"
  );
}

const functionOf = (node: ts.Node): ts.Node => {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return node.getSourceFile();
};

/**
 * The local name each rewritten call uses for `execFile` / `execFileSync`, and the import edits that
 * bind it: an existing binding when there is one, else the `exec` binding renamed when nothing else
 * uses it, else a new name added next to it.
 */
class ImportPlan {
  private readonly added = new Map<Extract<ModuleBinding, { kind: "named" }>, string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly resolver: SymbolResolver,
    private readonly bindings: ModuleBinding[],
  ) {}

  nameFor(exec: ExecCall): string {
    const wanted = SYNC[exec.method]!;
    if (exec.callee.kind === "member") return wanted;
    const existing = this.bindings.find((b) => b.kind === "named" && b.imported === wanted);
    if (existing) return existing.name.text;
    const binding = exec.callee.binding;
    if (!binding.list || !binding.element) {
      throw new Decline(`\`${binding.name.text}\` is bound with \`require(…).${binding.imported}\`; adding \`${wanted}\` next to it needs a new statement this recipe does not write.`);
    }
    const taken = this.resolver.valueInScope(exec.call, wanted);
    if (taken && taken !== this.resolver.symbolOf(binding.name)) {
      throw new Decline(`the name \`${wanted}\` is already used in this file for something else.`);
    }
    this.added.set(binding, wanted);
    return wanted;
  }

  edits(calls: readonly ExecCall[]): TextEdit[] {
    const edits: TextEdit[] = [];
    const rewritten = new Set(calls.map((c) => c.call));
    for (const [binding, wanted] of this.added) {
      const symbol = this.resolver.symbolOf(binding.name);
      const otherUses = symbol
        ? this.resolver.referencesOf(symbol).filter((r) => r !== binding.name && !(ts.isCallExpression(r.parent) && rewritten.has(r.parent)))
        : [];
      const element = binding.element!;
      // `{ exec: run }` keeps its local name elsewhere in the file; only a plain `{ exec }` is renamed.
      const aliased = element.propertyName !== undefined;
      if (otherUses.length === 0 && !aliased) {
        // Nothing else calls `exec`: bind `execFile` in its place rather than leave an unused import.
        edits.push({ start: element.getStart(this.sourceFile), end: element.getEnd(), replacement: wanted });
        continue;
      }
      const list = binding.list!;
      const elements = list.elements as ts.NodeArray<ts.Node>;
      const last = elements[elements.length - 1]!;
      edits.push({ start: last.getEnd(), end: last.getEnd(), replacement: `, ${wanted}` });
    }
    return edits;
  }
}
