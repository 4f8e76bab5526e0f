import picomatch from "picomatch";

/**
 * Paths no fix may touch, whatever wrote it: the bot never widens its own power (workflows,
 * actions, CODEOWNERS, its own config) and never changes how code is fetched or installed.
 */
export const BUILT_IN_PROTECTED_PATHS = [
  ".github/workflows/**",
  ".github/actions/**",
  "**/action.yml",
  "**/action.yaml",
  "CODEOWNERS",
  ".github/CODEOWNERS",
  "docs/CODEOWNERS",
  ".github/secfix.yml",
  ".github/secfix.yaml",
  ".github/dependabot.yml",
  ".github/dependabot.yaml",
  "**/.npmrc",
  "**/.yarnrc",
  "**/.yarnrc.yml",
  ".gitmodules",
  "**/.gitattributes",
  "**/.git/**",
  "**/.env",
  "**/.env.*",
];

export function isProtectedPath(path: string, extra: readonly string[] = []): string | null {
  for (const glob of [...BUILT_IN_PROTECTED_PATHS, ...extra]) {
    if (picomatch.isMatch(path, glob, { dot: true, nocase: true })) return glob;
  }
  return null;
}
