/** The key @probot/octokit-plugin-config follows to inherit another file; it is not a setting. */
export const EXTENDS_KEY = "_extends";

/**
 * Merges parsed config files, base first and the repository's own file last. Mappings merge key by
 * key; everything else, lists included, is replaced by the more specific file, so a repository can
 * narrow an inherited list (deepmerge, which Probot uses, would concatenate it instead).
 */
export function mergeConfigChain(configs: readonly Record<string, unknown>[]): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const config of configs) {
    const { [EXTENDS_KEY]: _extends, ...settings } = config;
    merged = mergeMappings(merged, settings);
  }
  return merged;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeMappings(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) defineOwn(out, key, value);
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    defineOwn(out, key, isMapping(current) && isMapping(value) && Object.hasOwn(out, key) ? mergeMappings(current, value) : value);
  }
  return out;
}

// A YAML key `__proto__` must stay a plain (and then rejected) key, not replace the prototype.
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
