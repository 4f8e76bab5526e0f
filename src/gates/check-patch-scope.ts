import picomatch from "picomatch";
import type { FileChange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";
import { isProtectedPath } from "./protected-paths.js";

export interface ScopePolicy {
  /** Globs of the files the plan may change (the alerted file; the manifests and lockfiles). */
  allowed: readonly string[];
  /** Config `protected_paths`, on top of the built-in ones. */
  protectedPaths: readonly string[];
}

/** A path that stays inside the repository: relative, normalised, no `..`, no `.git`. */
function pathProblem(path: string): string | null {
  if (path.length === 0) return "an empty path";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\")) return "an absolute or Windows path";
  const parts = path.split("/");
  if (parts.some((part) => part === ".." || part === "." || part === "")) return "a path with `..`, `.` or an empty segment";
  if (parts.some((part) => part.toLowerCase() === ".git")) return "a path inside `.git`";
  if (/[\u0000-\u001f\u007f]/.test(path)) return "a path with control characters";
  return null;
}

/** Scope: every changed file is one the plan may change, none is protected, none escapes the repository. */
export function checkPatchScope(changes: readonly FileChange[], policy: ScopePolicy): GateVerdict {
  const problems: string[] = [];
  for (const change of changes) {
    const escape = pathProblem(change.path);
    if (escape) {
      problems.push(`${change.path}: ${escape}`);
      continue;
    }
    const guard = isProtectedPath(change.path, policy.protectedPaths);
    if (guard) problems.push(`${change.path}: protected (${guard}); no fix may change it`);
    else if (!policy.allowed.some((glob) => picomatch.isMatch(change.path, glob, { dot: true }))) {
      problems.push(`${change.path}: outside the plan's files (${policy.allowed.join(", ")})`);
    }
    if (change.before === null && change.after !== null) problems.push(`${change.path}: a new file; fixes only edit existing files`);
    if (change.after === null) problems.push(`${change.path}: deleted; fixes never delete files`);
  }
  return problems.length ? failed("scope", problems) : passed("scope", [`${changes.length} file(s), all within the plan`]);
}
