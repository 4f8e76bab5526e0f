import type { FixProblem } from "./validate-fix-edits.js";

/**
 * What a retry tells the model. Only secfix's own words: problem codes and edit numbers, never the
 * rejected answer or any data, so nothing untrusted is repeated in the instruction channel.
 */
export function buildRetryPrompt(problems: readonly Pick<FixProblem, "code" | "edit">[]): string {
  const lines = problems.map((p) => `- ${p.edit === null ? "answer" : `edit ${p.edit + 1}`}: ${RETRY_HINTS[p.code]}`);
  return [
    "secfix's validator rejected your previous answer for these reasons:",
    ...[...new Set(lines)],
    "Answer again from the same data, following every rule. If no safe minimal fix exists, return an empty edits list.",
  ].join("\n");
}

const RETRY_HINTS: Record<FixProblem["code"], string> = {
  refused: "the answer was a refusal",
  truncated: "the answer was cut off at the token limit; propose a shorter change",
  content_filtered: "the answer was blocked by the content filter",
  not_json: "the answer was not valid JSON",
  schema: "the answer did not match the JSON schema",
  empty_diff: "no change was proposed (or the edits change nothing)",
  unsafe_path: "the path is not a plain relative path",
  secret_path: "the path is a credentials file, which may never be edited",
  protected_path: "the path is protected (CI workflows, ownership, configuration)",
  manifest: "the path is a dependency manifest or lockfile; dependencies may not change",
  path_not_allowed: "the path is not in the ALLOWED-PATHS block",
  file_missing: "the file does not exist",
  find_empty: "find is empty",
  find_not_found: "find does not occur exactly in the file; copy it character for character from the CODE-REGION block",
  find_ambiguous: "find occurs more than once; include more surrounding lines",
  outside_context: "the edit is outside the CODE-REGION and IMPORTS blocks",
  overlapping_edits: "two edits overlap",
  redaction_placeholder: "the edit contains [REDACTED]",
  secret_in_edit: "the replacement contains a secret-looking value",
  hidden_unicode: "the edit contains hidden Unicode characters",
  install_script: "the edit adds an install command or install script",
  suppression: "the edit adds a scanner-suppression comment",
  new_dependency: "the patched file imports a module it did not import before",
  dynamic_import: "the patched file imports a module computed at run time",
  syntax_error: "the patched file no longer parses",
};
