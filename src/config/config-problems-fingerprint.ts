import { createHash } from "node:crypto";
import type { ConfigProblem } from "./validate-config.js";

/**
 * A stable hash of a problem list, so the caller reports a broken config once per distinct breakage
 * rather than on every event. Order-independent; any change in what the user would read changes it.
 */
export function configProblemsFingerprint(problems: readonly ConfigProblem[]): string {
  const canonical = problems
    .map((problem) => [
      problem.file?.owner.toLowerCase() ?? null,
      problem.file?.repo.toLowerCase() ?? null,
      problem.file?.path ?? null,
      problem.line,
      problem.column,
      problem.keyPath,
      problem.message,
    ])
    .map((fields) => JSON.stringify(fields))
    .sort();
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
