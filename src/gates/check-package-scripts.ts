import type { FileChange } from "../domain/dependency-fix.js";
import { failed, passed, type GateVerdict } from "../domain/gate-verdict.js";

const SCRIPT_KEYS = ["scripts", "bin", "gypfile"] as const;

function scriptsOf(text: string | null): string {
  if (text === null) return "";
  try {
    const manifest = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(SCRIPT_KEYS.map((key) => manifest[key] ?? null));
  } catch {
    return "";
  }
}

/** Install scripts run on every developer's machine and in CI: a fix never adds or changes them. */
export function checkPackageScripts(changes: readonly FileChange[]): GateVerdict {
  const touched = changes.filter((change) => /(^|\/)package\.json$/.test(change.path) && scriptsOf(change.before) !== scriptsOf(change.after));
  return touched.length
    ? failed("package-scripts", touched.map((change) => `${change.path}: changes scripts, bin or gypfile`))
    : passed("package-scripts", ["no package scripts changed"]);
}
