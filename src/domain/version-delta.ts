export type VersionDelta = "major" | "minor" | "patch" | "none";

const RELEASE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/** How far a version moves, read from its leading release numbers (semver and PEP 440 alike). */
export function versionDelta(from: string, to: string): VersionDelta {
  const a = RELEASE.exec(from.trim());
  const b = RELEASE.exec(to.trim());
  if (!a || !b) return "major"; // unknown shapes are treated as the riskiest move
  const part = (match: RegExpExecArray, index: number) => Number(match[index] ?? 0);
  if (part(a, 1) !== part(b, 1)) return "major";
  if (part(a, 2) !== part(b, 2)) return "minor";
  if (part(a, 3) !== part(b, 3)) return "patch";
  return from === to ? "none" : "patch";
}
