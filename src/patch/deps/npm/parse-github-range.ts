import semver from "semver";

/**
 * GitHub advisory notation (`>= 2.9.0, < 2.9.18`, `< 4.17.21`, `= 1.0.0`) as a semver range, or
 * null when it cannot be read. Prereleases count: `< 2.9.18` makes `2.9.18-rc.1` vulnerable too.
 */
export function parseGithubRange(range: string): semver.Range | null {
  const parts = range
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const comparators: string[] = [];
  for (const part of parts) {
    const match = /^(>=|<=|>|<|=)?\s*v?(\S+)$/.exec(part);
    if (!match) return null;
    // `1.0` in an advisory means 1.0.0; anything else that is not a version makes the range unreadable.
    const full = semver.valid(match[2]!, { loose: true }) ?? (/^\d+(\.\d+)?$/.test(match[2]!) ? semver.coerce(match[2]!)?.version : null);
    if (!full) return null;
    comparators.push(`${match[1] === "=" || !match[1] ? "" : match[1]}${full}`);
  }
  try {
    return new semver.Range(comparators.join(" "), { includePrerelease: true, loose: true });
  } catch {
    return null;
  }
}
