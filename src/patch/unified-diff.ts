import { createTwoFilesPatch } from "diff";
import type { FileChange } from "../domain/dependency-fix.js";

/** The changes as one unified diff, `a/` and `b/` prefixed as git prints them. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map((change) =>
      createTwoFilesPatch(
        change.before === null ? "/dev/null" : `a/${change.path}`,
        change.after === null ? "/dev/null" : `b/${change.path}`,
        change.before ?? "",
        change.after ?? "",
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, ""),
    )
    .join("");
}
