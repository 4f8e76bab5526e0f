import { diffLines } from "diff";
import type { FileChange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";

/** Added plus removed lines across the change. */
export function changedLineCount(changes: readonly FileChange[]): number {
  let count = 0;
  for (const change of changes) {
    for (const part of diffLines(change.before ?? "", change.after ?? "")) {
      if (part.added || part.removed) count += part.count ?? 0;
    }
  }
  return count;
}

/** Size: the fix stays as small as the configuration allows. Lockfiles count as one file but not in lines. */
export function checkPatchSize(changes: readonly FileChange[], limits: { maxFiles: number; maxChangedLines: number }): GateVerdict {
  const lockfile = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/;
  const lines = changedLineCount(changes.filter((change) => !lockfile.test(change.path)));
  const problems: string[] = [];
  if (changes.length === 0) problems.push("the patch changes nothing");
  if (changes.length > limits.maxFiles) problems.push(`${changes.length} files changed; the limit is ${limits.maxFiles} (gates.max_files)`);
  if (lines > limits.maxChangedLines) problems.push(`${lines} lines changed; the limit is ${limits.maxChangedLines} (gates.max_changed_lines)`);
  return problems.length ? failed("size", problems) : passed("size", [`${changes.length} file(s), ${lines} changed line(s) outside lockfiles`]);
}
