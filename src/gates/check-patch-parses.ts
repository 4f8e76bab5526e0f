import { parseDocument } from "yaml";
import type { FileChange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";
import { parseSource, scriptKindOf } from "../patch/recipes/ast/parse-source.js";

/** The parse errors of one file's new text, or null for a kind of file secfix cannot parse. */
function parseErrors(path: string, text: string): string[] | null {
  if (scriptKindOf(path) !== null) return parseSource(path, text).syntaxErrors.slice(0, 5);
  if (/\.json$/i.test(path)) {
    try {
      JSON.parse(text);
      return [];
    } catch (error) {
      return [`${path}: ${(error as Error).message}`];
    }
  }
  if (/\.ya?ml$/i.test(path)) return parseDocument(text).errors.slice(0, 5).map((error) => `${path}: ${error.message.split("\n")[0]}`);
  return null;
}

/** Parse: every changed file that secfix can parse still parses, and parsed before if it does now. */
export function checkPatchParses(changes: readonly FileChange[]): GateVerdict {
  const problems: string[] = [];
  const checked: string[] = [];
  for (const change of changes) {
    if (change.after === null) continue;
    const after = parseErrors(change.path, change.after);
    if (after === null) continue;
    checked.push(change.path);
    // A file that was already broken is not the patch's fault; a newly broken one is.
    const before = change.before === null ? [] : (parseErrors(change.path, change.before) ?? []);
    if (after.length > 0 && before.length === 0) problems.push(...after);
  }
  return problems.length ? failed("parse", problems) : passed("parse", checked.length ? [`parsed: ${checked.join(", ")}`] : ["no file secfix can parse was changed"]);
}
