/**
 * The root package.json `overrides` with `packageName` forced to `version` below `parentName`
 * only (`{ "parent": { "pkg": "1.2.6" } }`), so other dependents keep the version they ask for.
 * An existing string rule for the parent becomes its "." entry, as npm reads it.
 */
export function addOverride(overrides: unknown, parentName: string, packageName: string, version: string): Record<string, unknown> {
  const table: Record<string, unknown> = typeof overrides === "object" && overrides !== null ? { ...(overrides as object) } : {};
  const existing = table[parentName];
  if (typeof existing === "string") table[parentName] = { ".": existing, [packageName]: version };
  else if (typeof existing === "object" && existing !== null) table[parentName] = { ...(existing as object), [packageName]: version };
  else table[parentName] = { [packageName]: version };
  return table;
}
