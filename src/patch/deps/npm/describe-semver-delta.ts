import semver from "semver";

/** "a patch update", "a minor update", "a major (breaking) update" — in words for the PR body. */
export function describeSemverDelta(from: string, to: string): string {
  if (semver.valid(from) === null || semver.valid(to) === null) return "an update";
  const kind = semver.diff(from, to);
  if (kind === null) return "no version change";
  if (kind === "major" || kind === "premajor") return "a major update, which may break callers";
  // Under semver a 0.x minor is a breaking change; say so rather than calling it minor.
  if ((kind === "minor" || kind === "preminor") && semver.major(from) === 0) return "a 0.x minor update, which semver allows to break callers";
  if (kind === "minor" || kind === "preminor") return "a minor update";
  if (kind === "patch" && semver.major(from) === 0 && semver.minor(from) === 0) return "a 0.0.x update, which semver allows to break callers";
  return kind === "prerelease" ? "a prerelease update" : "a patch update";
}
