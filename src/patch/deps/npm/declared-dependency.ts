/** The package.json maps a dependency can be declared in, in npm's order of precedence. */
export const DEPENDENCY_MAPS = ["dependencies", "optionalDependencies", "devDependencies", "peerDependencies"] as const;

export type DependencyMap = (typeof DEPENDENCY_MAPS)[number];

/** The specifier a manifest declares for `name` and the maps it appears in; null when not declared. */
export function declaredDependency(manifest: Record<string, unknown>, name: string): { spec: string; maps: DependencyMap[] } | null {
  const maps = DEPENDENCY_MAPS.filter((map) => {
    const table = manifest[map];
    return typeof table === "object" && table !== null && typeof (table as Record<string, unknown>)[name] === "string";
  });
  if (maps.length === 0) return null;
  return { spec: (manifest[maps[0]!] as Record<string, string>)[name]!, maps };
}

/** Sets `name`'s specifier in every map that declares it, keeping the key where it is. */
export function setDeclaredSpec(manifest: Record<string, unknown>, name: string, spec: string): void {
  for (const map of DEPENDENCY_MAPS) {
    const table = manifest[map];
    if (typeof table === "object" && table !== null && name in table) (table as Record<string, string>)[name] = spec;
  }
}
