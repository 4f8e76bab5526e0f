import ts from "typescript";
import { declined, type Recipe, type RecipeOutcome } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { openAlertedFile, type AlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";
import { parseRegex, RegexSyntaxError, type Alternatives, type Atom, type Term } from "./redos/parse-regex.js";

const LEFT_TO_MODEL = "no provably safe rewrite for this pattern; left to the model.";

/** Characters `\s` already matches, as they may be listed in a class next to it. */
const WHITESPACE_ESCAPES = new Set(["\\s", "\\t", "\\n", "\\r", "\\v", "\\f", " ", "\\u00a0", "\\u00A0", "\\xa0", "\\xA0", "\\ufeff", "\\uFEFF", "\\u2028", "\\u2029"]);

/**
 * ReDoS. Rewrites only what can be proved to match the same strings in the same way:
 * `s.replace(/^\s+|\s+$/g, "")` → `s.trim()` (and the one-sided forms → `trimStart`/`trimEnd`),
 * and a group that repeats a single repeated character, `(?:a+)+` → `a+`, `(a+)+` → `(a+)`.
 * Everything else is declined for the model.
 */
export const redosRecipe: Recipe = {
  family: "redos",
  ruleIds: ["js/polynomial-redos", "js/redos", "security/detect-unsafe-regex", "javascript.lang.security.audit.detect-redos.detect-redos"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const regexes = regexLiteralsAt(file);
    if (regexes.length === 0) {
      return declined(stringPatternAt(file) ? `the pattern is given as a string; ${LEFT_TO_MODEL}` : "no regular expression literal is at the alerted location.");
    }
    if (regexes.length > 1) return declined("several regular expressions are at the alerted location; which one is slow cannot be told.");
    const regex = regexes[0]!;
    const text = regex.getText(file.sourceFile);
    const slash = text.lastIndexOf("/");
    const source = text.slice(1, slash);
    const flags = text.slice(slash + 1);
    let tree: Alternatives;
    try {
      tree = parseRegex(source);
    } catch (error) {
      if (error instanceof RegexSyntaxError) return declined(`the regular expression could not be read (${error.message}); ${LEFT_TO_MODEL}`);
      throw error;
    }
    return trimRewrite(file, regex, tree, flags) ?? nestedQuantifierRewrite(file, regex, source, flags, tree) ?? declined(LEFT_TO_MODEL);
  },
};

/** `x.replace(/^\s+|\s+$/g, "")` and its one-sided forms, which the String trims do in linear time. */
function trimRewrite(file: AlertedFile, regex: ts.RegularExpressionLiteral, tree: Alternatives, flags: string): RecipeOutcome | null {
  const call = regex.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== regex || call.arguments.length !== 2 || staticStringValue(call.arguments[1]!) !== "") return null;
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "replace") return null;
  if (flags.includes("m") || flags.includes("y")) return null;
  const shape = trimShape(tree);
  if (!shape || (shape === "trim" && !flags.includes("g"))) return null;
  const method = shape;
  const edit: TextEdit = { start: callee.name.getStart(file.sourceFile), end: call.getEnd(), replacement: `${method}()` };
  return {
    status: "fixed",
    after: applyTextEdits(file.text, [edit]),
    explanation: `\`${regex.getText()}\` rescans the input from every whitespace character, so a long run of spaces followed by another character takes quadratic time. \`String#${method}\` removes exactly the same characters (\`\\s\` and the trims share one definition of whitespace) in linear time.`,
  };
}

function trimShape(tree: Alternatives): "trim" | "trimStart" | "trimEnd" | null {
  const leading = (terms: Term[]) => terms.length === 2 && isAssertion(terms[0]!, "^") && isWhitespaceRun(terms[1]!);
  const trailing = (terms: Term[]) => terms.length === 2 && isWhitespaceRun(terms[0]!) && isAssertion(terms[1]!, "$");
  if (tree.length === 2) {
    const [a, b] = tree as [Term[], Term[]];
    if ((leading(a) && trailing(b)) || (trailing(a) && leading(b))) return "trim";
    return null;
  }
  if (tree.length !== 1) return null;
  if (leading(tree[0]!)) return "trimStart";
  if (trailing(tree[0]!)) return "trimEnd";
  return null;
}

function isAssertion(term: Term, text: string): boolean {
  return term.atom.kind === "assertion" && term.atom.text === text && term.quantifier === null;
}

/** `\s+`, `\s*`, `[\s\uFEFF\xA0]+`: a greedy run of exactly the characters `\s` matches. */
function isWhitespaceRun(term: Term): boolean {
  const q = term.quantifier;
  if (!q || q.lazy || q.max !== Infinity || q.min > 1) return false;
  const atom = term.atom;
  if (atom.kind === "escape-class") return atom.letter === "s";
  if (atom.kind !== "class" || atom.negated) return false;
  const members = classMembers(atom.body);
  return members !== null && members.includes("\\s") && members.every((m) => WHITESPACE_ESCAPES.has(m));
}

function classMembers(body: string): string[] | null {
  const members: string[] = [];
  for (let i = 0; i < body.length; ) {
    if (body[i] === "\\") {
      const letter = body[i + 1];
      const width = letter === "u" ? 6 : letter === "x" ? 4 : 2;
      members.push(body.slice(i, i + width));
      i += width;
    } else {
      if (body[i] === "-" && i > 0 && i < body.length - 1) return null;
      members.push(body[i]!);
      i++;
    }
  }
  return members;
}

/**
 * A repeated group whose body is one repeated single-character atom: `(?:a+)+`, `(\d+)*`.
 * Both loops consume the same characters, so a failing match tries every way of splitting a run
 * between them (exponential). One loop matches the same strings, and — without backreferences —
 * the same capture, since a greedy run reaches each end position first through one iteration.
 */
function nestedQuantifierRewrite(file: AlertedFile, regex: ts.RegularExpressionLiteral, source: string, flags: string, tree: Alternatives): RecipeOutcome | null {
  if (someTerm(tree, (t) => t.atom.kind === "backreference")) return null;
  // Collapsing an inner pair can expose an outer one (`((?:a+)+)+`), so repeat until none is left.
  let rewritten = source;
  for (let current = tree; ; ) {
    const edits: TextEdit[] = [];
    visitTerms(current, (term) => {
      const rewrite = collapse(rewritten, term);
      if (rewrite !== null) edits.push({ start: term.start, end: term.end, replacement: rewrite });
    });
    if (edits.length === 0) break;
    rewritten = applyTextEdits(rewritten, outermostOnly(edits));
    current = parseRegex(rewritten);
  }
  if (rewritten === source) return null;
  // A loop nested in a loop that this rewrite cannot collapse still backtracks: no partial fixes.
  if (hasNestedRepetition(parseRegex(rewritten))) return null;
  try {
    new RegExp(rewritten, flags);
  } catch {
    return null;
  }
  const literal = `/${rewritten}/${flags}`;
  return {
    status: "fixed",
    after: applyTextEdits(file.text, [{ start: regex.getStart(file.sourceFile), end: regex.getEnd(), replacement: literal }]),
    explanation: `\`${regex.getText()}\` repeats a group that itself repeats one character, so a near-miss input makes the engine try every way of splitting a run between the two loops (exponential time). \`${literal}\` uses a single loop, which matches exactly the same strings in linear time.`,
  };
}

function collapse(source: string, term: Term): string | null {
  const outer = term.quantifier;
  const group = term.atom;
  if (!outer || outer.lazy || outer.max !== Infinity || outer.min > 1 || group.kind !== "group" || group.lookaround) return null;
  if (group.body.length !== 1 || group.body[0]!.length !== 1) return null;
  const inner = group.body[0]![0]!;
  const q = inner.quantifier;
  if (!q || q.lazy || q.max !== Infinity || q.min > 1 || !isSingleCharacter(inner.atom)) return null;
  const atomText = source.slice(inner.atom.start, inner.atom.end);
  if (!group.capturing) return `${atomText}${outer.min === 1 && q.min === 1 ? "+" : "*"}`;
  // A capturing group keeps its number and its capture: only the `+` inside form collapses cleanly.
  if (q.min !== 1) return null;
  const open = source.slice(group.start, inner.start);
  return `${open}${atomText}+)${outer.min === 1 ? "" : "?"}`;
}

function hasNestedRepetition(tree: Alternatives): boolean {
  let nested = false;
  visitTerms(tree, (term) => {
    if (term.atom.kind === "group" && term.quantifier?.max === Infinity && someTerm(term.atom.body, (inner) => inner.quantifier?.max === Infinity)) nested = true;
  });
  return nested;
}

/** Edits that do not sit inside another edit of the same pass. */
function outermostOnly(edits: TextEdit[]): TextEdit[] {
  return edits.filter((edit) => !edits.some((other) => other !== edit && other.start <= edit.start && other.end >= edit.end));
}

function isSingleCharacter(atom: Atom): boolean {
  return atom.kind === "char" || atom.kind === "class" || atom.kind === "escape-class" || atom.kind === "dot";
}

function visitTerms(tree: Alternatives, visit: (term: Term) => void): void {
  for (const sequence of tree) {
    for (const term of sequence) {
      visit(term);
      if (term.atom.kind === "group") visitTerms(term.atom.body, visit);
    }
  }
}

function someTerm(tree: Alternatives, test: (term: Term) => boolean): boolean {
  let found = false;
  visitTerms(tree, (term) => {
    if (test(term)) found = true;
  });
  return found;
}

function regexLiteralsAt(file: AlertedFile): ts.RegularExpressionLiteral[] {
  const found: ts.RegularExpressionLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (node.getEnd() < file.range.start || node.getStart(file.sourceFile) > file.range.end) return;
    if (ts.isRegularExpressionLiteral(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return found;
}

function stringPatternAt(file: AlertedFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < file.range.start || node.getStart(file.sourceFile) > file.range.end) return;
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") found = true;
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return found;
}
