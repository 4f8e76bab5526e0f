import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { ensureHelperFunction, type HelperFunction } from "./ast/ensure-helper-function.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringLiteralFor } from "./ast/string-literal-for.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

const SANITIZE_UNTIL_STABLE: HelperFunction = {
  name: "sanitizeUntilStable",
  javascript: `// Removing a pattern once can join the pieces around it into a new match ("<scr<script>ipt>"),
// so the removal repeats until nothing changes; it only deletes, so it always stops.
function sanitizeUntilStable(value, sanitize) {
  let previous;
  do {
    previous = value;
    value = sanitize(value);
  } while (value !== previous);
  return value;
}`,
  typescript: `// Removing a pattern once can join the pieces around it into a new match ("<scr<script>ipt>"),
// so the removal repeats until nothing changes; it only deletes, so it always stops.
function sanitizeUntilStable(value: string, sanitize: (value: string) => string): string {
  let previous: string;
  do {
    previous = value;
    value = sanitize(value);
  } while (value !== previous);
  return value;
}`,
};

/**
 * Incomplete sanitisation. A `replace` that escapes or strips only the first occurrence becomes
 * global; a backslash escape gets backslashes escaped first; a multi-character removal repeats
 * until stable; a tag filter that misses upper-case tags becomes case-insensitive. Anything that
 * needs a real HTML sanitiser is declined.
 */
export const incompleteSanitizationRecipe: Recipe = {
  family: "incomplete-sanitization",
  ruleIds: [
    "js/incomplete-sanitization",
    "js/incomplete-multi-character-sanitization",
    "js/bad-tag-filter",
    "javascript.lang.security.audit.incomplete-sanitization.incomplete-sanitization",
  ],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const rule = input.alert.ruleId.trim().toLowerCase();
    if (rule === "js/incomplete-multi-character-sanitization") return repeatUntilStable(opened.file);
    if (rule === "js/bad-tag-filter") return caseInsensitiveTagFilter(opened.file, input.alert.message);
    return globalAndBackslashFirst(opened.file);
  },
};

interface ReplaceCall {
  call: ts.CallExpression;
  receiver: ts.Expression;
  pattern: ts.Expression;
  replacement: ts.Expression;
}

function asReplaceCall(node: ts.Node): ReplaceCall | null {
  if (!ts.isCallExpression(node) || node.arguments.length !== 2) return null;
  const callee = unwrapExpression(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "replace") return null;
  return { call: node, receiver: callee.expression, pattern: node.arguments[0]!, replacement: node.arguments[1]! };
}

/** The replace calls the alert covers: those inside its range, else the innermost touching it. */
function alertedReplaceCalls(file: AlertedFile): ReplaceCall[] {
  const inside: ReplaceCall[] = [];
  const touching: ReplaceCall[] = [];
  const visit = (node: ts.Node): void => {
    const start = node.getStart(file.sourceFile);
    if (node.getEnd() < file.range.start || start > file.range.end) return;
    const call = asReplaceCall(node);
    if (call) (start >= file.range.start && node.getEnd() <= file.range.end ? inside : touching).push(call);
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  if (inside.length > 0) return inside;
  const innermost = touching[touching.length - 1];
  return innermost ? [innermost] : [];
}

function globalAndBackslashFirst(file: AlertedFile): RecipeOutcome {
  const calls = alertedReplaceCalls(file);
  if (calls.length === 0) return declined("no `.replace(pattern, replacement)` call is at the alerted location.");
  const edits: TextEdit[] = [];
  const done: string[] = [];
  const escapedChains = new Set<ts.Node>();
  for (const replace of calls) {
    const pattern = unwrapExpression(replace.pattern);
    const text = staticStringValue(pattern);
    if (text !== null) {
      if (text === "") return declined("the replace pattern is an empty string; there is no occurrence to make global.");
      edits.push({ start: pattern.getStart(file.sourceFile), end: pattern.getEnd(), replacement: `/${regexSourceFor(text)}/g` });
      done.push(`the pattern \`${pattern.getText()}\` became a global regular expression`);
    } else if (ts.isRegularExpressionLiteral(pattern)) {
      const { source, flags } = splitRegex(pattern.text);
      if (!flags.includes("g")) {
        edits.push({ start: pattern.getStart(file.sourceFile), end: pattern.getEnd(), replacement: `/${source}/${flags}g` });
        done.push(`\`${pattern.getText()}\` got the global flag`);
      }
    } else {
      return declined(`the pattern \`${replace.pattern.getText()}\` is computed, so whether it is a string or a global regular expression cannot be told from the code.`);
    }
    if (escapesWithBackslash(replace)) {
      const chain = chainRoot(replace.call);
      if (escapedChains.has(chain)) continue;
      escapedChains.add(chain);
      if (backslashEscapedAfter(replace.call)) {
        return declined("backslashes are escaped after the other characters, which doubles the escapes just added; the calls need reordering by hand.");
      }
      if (!backslashEscapedBefore(replace.receiver)) {
        const innermost = innermostEscape(replace);
        const at = innermost.receiver.getEnd();
        edits.push({ start: at, end: at, replacement: `.replace(/\\\\/g, ${stringLiteralFor(file.sourceFile, "\\\\")})` });
        done.push("backslashes are now escaped first, so an input backslash cannot cancel the added escape");
      }
    }
  }
  if (edits.length === 0) return declined("the alerted replace calls are already global and escape backslashes first; nothing this recipe knows to change.");
  return {
    status: "fixed",
    after: applyTextEdits(file.text, dedupe(edits)),
    explanation: `The sanitising \`replace\` handled only the first occurrence (or let a backslash undo its escape), so a second one slipped through. Changed: ${done.join("; ")}.`,
  };
}

function repeatUntilStable(file: AlertedFile): RecipeOutcome {
  const calls = alertedReplaceCalls(file);
  const alerted = calls[calls.length - 1];
  if (!alerted) return declined("no `.replace(pattern, replacement)` call is at the alerted location.");
  if (!isDeletion(alerted)) {
    return declined("the replacement inserts text; repeating it until stable may never stop or may re-escape its own output, so it needs a sanitiser library instead.");
  }
  // Widen to the run of deletions around the alerted call: removing one pattern can also re-form another.
  let outer = alerted.call;
  for (;;) {
    const parentCall = outer.parent?.parent;
    const next = parentCall && ts.isPropertyAccessExpression(outer.parent) && outer.parent.expression === outer ? asReplaceCall(parentCall) : null;
    if (!next || !isDeletion(next)) break;
    outer = next.call;
  }
  let inner = alerted;
  for (;;) {
    const below = asReplaceCall(unwrapExpression(inner.receiver));
    if (!below || !isDeletion(below)) break;
    inner = below;
  }
  const receiver = inner.receiver;
  const suffix = file.text.slice(receiver.getEnd(), outer.getEnd());
  const helper = ensureHelperFunction(file.sourceFile, SANITIZE_UNTIL_STABLE, file.typescript);
  if (!helper.ok) return declined(helper.reason);
  const edits: TextEdit[] = [
    { start: receiver.getStart(file.sourceFile), end: outer.getEnd(), replacement: `sanitizeUntilStable(${receiver.getText(file.sourceFile)}, (value) => value${suffix})` },
  ];
  if (helper.edit) edits.push(helper.edit);
  return {
    status: "fixed",
    after: applyTextEdits(file.text, edits),
    explanation: "Removing the pattern once can join the text around it into a new match (`<scr<script>ipt>` becomes `<script>`). The removal now repeats until the text stops changing.",
  };
}

function caseInsensitiveTagFilter(file: AlertedFile, message: string): RecipeOutcome {
  const regexes: ts.RegularExpressionLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (node.getEnd() < file.range.start || node.getStart(file.sourceFile) > file.range.end) return;
    if (ts.isRegularExpressionLiteral(node)) regexes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  const regex = regexes.length === 1 ? regexes[0]! : null;
  if (!regex) return declined("no single regular expression literal is at the alerted location.");
  const { source, flags } = splitRegex(regex.text);
  if (/upper[- ]?case/i.test(message) && !flags.includes("i")) {
    return {
      status: "fixed",
      after: applyTextEdits(file.text, [{ start: regex.getStart(file.sourceFile), end: regex.getEnd(), replacement: `/${source}/${flags}i` }]),
      explanation: "HTML tag names are case-insensitive, so `<SCRIPT>` passed the filter. The regular expression now ignores case.",
    };
  }
  return declined("the tag filter misses forms browsers still accept (end tags with spaces or attributes, `--!>` comments, …); no regular expression covers HTML's parsing rules, so this needs an HTML sanitiser (DOMPurify, sanitize-html) chosen by a person.");
}

/** `.replace(x, "\\" + x)` or `.replace(x, "\\$&")`: escaping by putting a backslash in front. */
function escapesWithBackslash(replace: ReplaceCall): boolean {
  const replacement = staticStringValue(replace.replacement);
  if (replacement === null || !replacement.startsWith("\\")) return false;
  const matched = patternCharacters(replace.pattern);
  if (matched === null || matched.includes("\\")) return false;
  return replacement === "\\$&" || (matched.length === 1 && replacement === `\\${matched[0]}`);
}

/** The characters a single-character pattern (`"'"`, `/'/g`, `/["']/g`) matches, else null. */
function patternCharacters(pattern: ts.Expression): string[] | null {
  const node = unwrapExpression(pattern);
  const text = staticStringValue(node);
  if (text !== null) return text.length === 1 ? [text] : null;
  if (!ts.isRegularExpressionLiteral(node)) return null;
  const { source } = splitRegex(node.text);
  if (source.length === 1 && !"\\^$.*+?()[]{}|/".includes(source)) return [source];
  if (source.length === 2 && source[0] === "\\") return [source[1]!];
  if (source.startsWith("[") && source.endsWith("]") && !source.startsWith("[^")) {
    const body = source.slice(1, -1);
    const chars: string[] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i] === "\\") {
        const next = body[++i];
        if (next === undefined || /[a-zA-Z0-9]/.test(next)) return null;
        chars.push(next);
      } else if (body[i] === "-" && i > 0 && i < body.length - 1) {
        return null;
      } else {
        chars.push(body[i]!);
      }
    }
    return chars;
  }
  return null;
}

function isBackslashEscape(replace: ReplaceCall): boolean {
  const chars = patternCharacters(replace.pattern);
  return chars !== null && chars.length === 1 && chars[0] === "\\" && staticStringValue(replace.replacement) === "\\\\";
}

function backslashEscapedBefore(receiver: ts.Expression): boolean {
  for (let current = asReplaceCall(unwrapExpression(receiver)); current; current = asReplaceCall(unwrapExpression(current.receiver))) {
    if (isBackslashEscape(current)) return true;
  }
  return false;
}

function backslashEscapedAfter(call: ts.CallExpression): boolean {
  for (let node: ts.Node = call; ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node; ) {
    const next = asReplaceCall(node.parent.parent);
    if (!next) return false;
    if (isBackslashEscape(next)) return true;
    node = next.call;
  }
  return false;
}

/** The first backslash-escaping call of a chain, where the backslash escape must go in front. */
function innermostEscape(replace: ReplaceCall): ReplaceCall {
  let innermost = replace;
  for (let below = asReplaceCall(unwrapExpression(replace.receiver)); below; below = asReplaceCall(unwrapExpression(below.receiver))) {
    if (escapesWithBackslash(below)) innermost = below;
  }
  return innermost;
}

function chainRoot(call: ts.CallExpression): ts.Node {
  let node: ts.Node = call;
  while (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node && ts.isCallExpression(node.parent.parent)) node = node.parent.parent;
  return node;
}

function isDeletion(replace: ReplaceCall): boolean {
  const pattern = unwrapExpression(replace.pattern);
  return staticStringValue(replace.replacement) === "" && (ts.isRegularExpressionLiteral(pattern) || staticStringValue(pattern) !== null);
}

function splitRegex(literal: string): { source: string; flags: string } {
  const slash = literal.lastIndexOf("/");
  return { source: literal.slice(1, slash), flags: literal.slice(slash + 1) };
}

/** A regular-expression literal body that matches `text` exactly. */
function regexSourceFor(text: string): string {
  let out = "";
  for (const char of text) {
    if ("\\^$.*+?()[]{}|/".includes(char)) out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char < " " || char === "\u2028" || char === "\u2029" || char === "\u007f") out += `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return out;
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.replacement}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
