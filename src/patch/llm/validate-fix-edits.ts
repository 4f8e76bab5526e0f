import { REDACTED, redactText } from "../../audit/redact-secrets.js";
import type { FileChange } from "../../domain/dependency-fix.js";
import { applyTextEdits, lineEndingOf, type TextEdit } from "../recipes/ast/apply-text-edits.js";
import { parseSource, scriptKindOf } from "../recipes/ast/parse-source.js";
import type { SourceSpan } from "./build-fix-context.js";
import { classifyEditPath } from "./classify-edit-path.js";
import type { FixAnswer } from "./fix-answer-schema.js";
import { importedModules } from "./imported-modules.js";
import { hasHiddenUnicode, stripHiddenUnicode } from "../../domain/hidden-unicode.js";

export type FixProblemCode =
  | "refused"
  | "truncated"
  | "content_filtered"
  | "not_json"
  | "schema"
  | "empty_diff"
  | "unsafe_path"
  | "secret_path"
  | "protected_path"
  | "manifest"
  | "path_not_allowed"
  | "file_missing"
  | "find_empty"
  | "find_not_found"
  | "find_ambiguous"
  | "outside_context"
  | "overlapping_edits"
  | "redaction_placeholder"
  | "secret_in_edit"
  | "hidden_unicode"
  | "install_script"
  | "suppression"
  | "new_dependency"
  | "dynamic_import"
  | "syntax_error";

/** One reason an answer was rejected. `edit` is the 0-based index of the offending edit, if one. */
export interface FixProblem {
  code: FixProblemCode;
  edit: number | null;
  /** For people (PR, audit). Quotes no code and no model text beyond a sanitised, shortened path or package name. */
  message: string;
}

export interface EditContext {
  /** The paths the answer may edit; anything else is out of scope. */
  allowedPaths: readonly string[];
  /** The alerted file, already read, and the spans of it the model was shown. */
  alerted: { path: string; text: string; shown: readonly SourceSpan[] };
  /** Reads another allowed file; only called for a path that passed every path check. */
  read(path: string): Promise<string | null>;
}

/** Commands that install software or pipe a download into a shell: an install script in disguise. */
const INSTALL_SCRIPT = [
  /\b(pre|post)install\b/i,
  /\b(curl|wget|iwr|invoke-webrequest)\b[^\n]*\|\s*(sudo\s+)?(ba|z|da)?sh\b/i,
  /\b(npm|npx|yarn|pnpm|bun|pip3?|pipx|uv|poetry|gem|cargo|go|composer)\s+(install|i|add|get)\b/i,
];

/** Comments that silence a scanner instead of fixing the code. */
const SUPPRESSION = /\blgtm\b|codeql\[|\bnosemgrep\b|eslint-disable|\bnosec\b|@ts-(ignore|nocheck|expect-error)|\bNOSONAR\b|\bnoqa\b|#\s*type:\s*ignore|@SuppressWarnings/gi;

/**
 * Deterministic checks on a model's edits, in the order that keeps cheap, certain rejections
 * first and never reads a file whose path failed a path check. Every problem is collected (not
 * just the first), so one retry can address all of them. Returns the changed files only when
 * there is no problem at all: an answer is taken whole or not at all.
 */
export async function validateFixEdits(
  answer: FixAnswer,
  context: EditContext,
): Promise<{ ok: true; files: FileChange[] } | { ok: false; problems: FixProblem[] }> {
  const problems: FixProblem[] = [];
  const problem = (code: FixProblemCode, edit: number | null, message: string) => problems.push({ code, edit, message });

  if (answer.edits.length === 0) problem("empty_diff", null, "the answer proposed no edit");

  const readable = new Set<string>();
  answer.edits.forEach((edit, i) => {
    const shown = quotePath(edit.path);
    const kind = classifyEditPath(edit.path);
    if (kind === "unsafe") problem("unsafe_path", i, `edit ${i + 1}: path ${shown} is not a plain relative path`);
    else if (kind === "secret") problem("secret_path", i, `edit ${i + 1}: ${shown} is a credentials file; it is never read or edited`);
    else if (kind === "protected") problem("protected_path", i, `edit ${i + 1}: ${shown} is protected (CI, ownership or secfix configuration)`);
    else if (kind === "manifest") problem("manifest", i, `edit ${i + 1}: ${shown} is a dependency manifest or lockfile; an LLM fix may not change dependencies`);
    else if (!context.allowedPaths.includes(edit.path)) problem("path_not_allowed", i, `edit ${i + 1}: ${shown} is outside the files this fix may change`);
    else readable.add(edit.path);

    if (edit.find.includes(REDACTED) || edit.replace.includes(REDACTED)) {
      problem("redaction_placeholder", i, `edit ${i + 1}: contains the ${REDACTED} placeholder, which must never be written into code`);
    }
    if (hasHiddenUnicode(edit.find) || hasHiddenUnicode(edit.replace)) problem("hidden_unicode", i, `edit ${i + 1}: contains hidden Unicode characters`);
    if (redactText(stripHiddenUnicode(edit.replace).text) !== stripHiddenUnicode(edit.replace).text) {
      problem("secret_in_edit", i, `edit ${i + 1}: the replacement contains a secret-looking string`);
    }
    if (INSTALL_SCRIPT.some((pattern) => pattern.test(edit.replace) && !pattern.test(edit.find))) {
      problem("install_script", i, `edit ${i + 1}: adds an install command or install script`);
    }
    if (countMatches(edit.replace, SUPPRESSION) > countMatches(edit.find, SUPPRESSION)) {
      problem("suppression", i, `edit ${i + 1}: adds a comment that suppresses a scanner instead of fixing the code`);
    }
    if (edit.find.length === 0) problem("find_empty", i, `edit ${i + 1}: has an empty find`);
  });

  // Read each file at most once, and only files that passed every path check.
  const originals = new Map<string, string | null>();
  for (const path of readable) {
    originals.set(path, path === context.alerted.path ? context.alerted.text : await context.read(path));
  }

  const editsByPath = new Map<string, TextEdit[]>();
  answer.edits.forEach((edit, i) => {
    if (!readable.has(edit.path) || edit.find.length === 0) return;
    const original = originals.get(edit.path) ?? null;
    if (original === null) {
      problem("file_missing", i, `edit ${i + 1}: ${quotePath(edit.path)} does not exist`);
      return;
    }
    // Models often drop `\r`; a CRLF file gets its line endings back rather than a failed match.
    const crlf = lineEndingOf(original) === "\r\n" && !edit.find.includes("\r");
    const find = crlf ? edit.find.replace(/\n/g, "\r\n") : edit.find;
    const replace = crlf ? edit.replace.replace(/\r?\n/g, "\r\n") : edit.replace;
    const at = original.indexOf(find);
    if (at === -1) {
      problem("find_not_found", i, `edit ${i + 1}: its find text does not occur in ${quotePath(edit.path)}`);
      return;
    }
    if (original.indexOf(find, at + 1) !== -1) {
      problem("find_ambiguous", i, `edit ${i + 1}: its find text occurs more than once in ${quotePath(edit.path)}`);
      return;
    }
    if (edit.path === context.alerted.path && !context.alerted.shown.some((s) => at >= s.start && at + find.length <= s.end)) {
      problem("outside_context", i, `edit ${i + 1}: changes code outside the alerted region and the file's imports`);
      return;
    }
    const list = editsByPath.get(edit.path) ?? [];
    list.push({ start: at, end: at + find.length, replacement: replace });
    editsByPath.set(edit.path, list);
  });
  if (problems.length > 0) return { ok: false, problems };

  const files: FileChange[] = [];
  for (const [path, edits] of editsByPath) {
    const before = originals.get(path)!;
    let after: string;
    try {
      after = applyTextEdits(before, edits);
    } catch {
      problem("overlapping_edits", null, `two edits to ${quotePath(path)} overlap`);
      continue;
    }
    if (after === before) continue;
    checkDependencies(path, before, after, problem);
    checkSyntax(path, before, after, problem);
    files.push({ path, before, after });
  }
  if (problems.length === 0 && files.length === 0) problem("empty_diff", null, "the edits change nothing");
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, files: files.sort((a, b) => a.path.localeCompare(b.path)) };
}

function checkDependencies(path: string, before: string, after: string, problem: (code: FixProblemCode, edit: number | null, message: string) => void): void {
  const was = importedModules(path, before);
  const now = importedModules(path, after);
  for (const pkg of now.packages) {
    if (!was.packages.has(pkg)) problem("new_dependency", null, `${quotePath(path)}: imports ${quotePath(pkg)}, a module the file did not use before`);
  }
  for (const line of now.lines) {
    if (!was.lines.has(line)) problem("new_dependency", null, `${quotePath(path)}: adds an import line the file did not have before`);
  }
  if (now.dynamic > was.dynamic) problem("dynamic_import", null, `${quotePath(path)}: adds an import of a module computed at run time`);
}

function checkSyntax(path: string, before: string, after: string, problem: (code: FixProblemCode, edit: number | null, message: string) => void): void {
  if (scriptKindOf(path) === null) return;
  const was = parseSource(path, before).syntaxErrors.length;
  const now = parseSource(path, after).syntaxErrors.length;
  if (now > was) problem("syntax_error", null, `${quotePath(path)}: the patched file no longer parses`);
}

function countMatches(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

/** A model-chosen path or name as it may appear in a message for people: visible, secret-free, short, quoted. */
function quotePath(text: string): string {
  const clean = redactText(stripHiddenUnicode(text).text).replace(/[\u0000-\u001f\u007f]/g, "?");
  return JSON.stringify(clean.length > 120 ? `${clean.slice(0, 117)}...` : clean);
}
