import type { FileChange } from "../domain/dependency-fix.js";
import type { GateVerdict } from "../domain/gate-verdict.js";
import { checkPackageScripts } from "./check-package-scripts.js";
import { checkPatchContent } from "./check-patch-content.js";
import { checkPatchParses } from "./check-patch-parses.js";
import { checkPatchScope, type ScopePolicy } from "./check-patch-scope.js";
import { checkPatchSize } from "./check-patch-size.js";

export interface LocalCheckPolicy extends ScopePolicy {
  maxFiles: number;
  maxChangedLines: number;
}

/**
 * Every check a patch passes before anything is pushed, whatever wrote it (recipe, dependency
 * patcher, autofix or model). Returns every verdict, passed or not, as evidence.
 */
export function runLocalChecks(changes: readonly FileChange[], policy: LocalCheckPolicy): GateVerdict[] {
  return [
    checkPatchScope(changes, policy),
    checkPatchSize(changes, policy),
    checkPatchParses(changes),
    checkPatchContent(changes),
    checkPackageScripts(changes),
  ];
}
