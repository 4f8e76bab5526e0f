import type { FileChange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";
import { REDACTED, redactText } from "../audit/redact-secrets.js";
import { stripHiddenUnicode } from "../domain/hidden-unicode.js";


function lineEnding(text: string): "crlf" | "lf" | "none" {
  if (text.includes("\r\n")) return "crlf";
  return text.includes("\n") ? "lf" : "none";
}

/** Lines a patch adds (a rough multiset difference, enough to spot new content). */
function addedText(before: string, after: string): string {
  const old = new Map<string, number>();
  for (const line of before.split("\n")) old.set(line, (old.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of after.split("\n")) {
    const seen = old.get(line) ?? 0;
    if (seen > 0) old.set(line, seen - 1);
    else added.push(line);
  }
  return added.join("\n");
}

/**
 * Content: no new secret-looking strings, no new hidden Unicode (Trojan Source), no redaction
 * placeholder written into code, and the file keeps its encoding, BOM and line endings.
 */
export function checkPatchContent(changes: readonly FileChange[]): GateVerdict {
  const problems: string[] = [];
  for (const change of changes) {
    if (change.after === null) continue;
    const before = change.before ?? "";
    const added = addedText(before, change.after);
    if (redactText(added) !== added) problems.push(`${change.path}: adds a string that looks like a secret`);
    if (added.includes(REDACTED)) problems.push(`${change.path}: writes the redaction placeholder ${REDACTED} into the file`);
    if (stripHiddenUnicode(change.after).removed > stripHiddenUnicode(before).removed) {
      problems.push(`${change.path}: adds hidden or bidirectional Unicode characters`);
    }
    if (change.before !== null) {
      if (before.startsWith("\ufeff") !== change.after.startsWith("\ufeff")) problems.push(`${change.path}: changes the byte-order mark`);
      const was = lineEnding(before);
      const now = lineEnding(change.after);
      if (was !== "none" && now !== "none" && was !== now) problems.push(`${change.path}: changes line endings from ${was} to ${now}`);
      if (change.after.includes("\ufffd") && !before.includes("\ufffd")) problems.push(`${change.path}: contains replacement characters: the encoding was damaged`);
    }
  }
  return problems.length ? failed("content", problems) : passed("content", ["no new secrets, hidden characters or encoding changes"]);
}
