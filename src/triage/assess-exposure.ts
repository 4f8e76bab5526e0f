import picomatch from "picomatch";
import type { AlertSnapshot, DependencyScope, Exposure } from "../domain/finding.js";

// Code under these paths does not ship to users; a finding there is development-only exposure.
const NON_RUNTIME_GLOBS = [
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/spec/**",
  "**/*.test.*",
  "**/*.spec.*",
  "**/fixtures/**",
  "**/examples/**",
  "**/docs/**",
];
const isNonRuntimePath = picomatch(NON_RUNTIME_GLOBS, { dot: true });

/** Where the vulnerable thing sits: shipped or not, and behind a customer-facing path or not. */
export function assessExposure(alert: AlertSnapshot, customerFacingGlobs: readonly string[]): Exposure {
  const path = alert.location?.path ?? null;
  let scope: DependencyScope;
  if (alert.dependency) scope = alert.dependency.scope;
  else if (path) scope = isNonRuntimePath(path) ? "development" : "runtime";
  else scope = "unknown";

  const matchedPatterns = path
    ? customerFacingGlobs.filter((glob) => picomatch.isMatch(path, glob, { dot: true }))
    : [];
  return { scope, customerFacing: matchedPatterns.length > 0, matchedPatterns };
}
