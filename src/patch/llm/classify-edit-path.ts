import { isSecretPath } from "./is-secret-path.js";
import { hasHiddenUnicode } from "../../domain/hidden-unicode.js";

/**
 * Why a path may never be written by a model, whatever the allowed set says, or null:
 * - `unsafe`: absolute, `..`, backslashes, control characters, odd segments (git's own escape tests);
 * - `secret`: credentials by convention (never read either);
 * - `protected`: paths that widen the bot's power (CI, ownership, secfix's own config, submodules, hooks);
 * - `manifest`: dependency manifests and lockfiles, where a new dependency or an install script lives.
 */
export type EditPathClass = "unsafe" | "secret" | "protected" | "manifest";

const PROTECTED = [
  /^\.github\/(workflows|actions)\//i,
  /(^|\/)CODEOWNERS$/,
  /^\.github\/secfix\.ya?ml$/i,
  /^\.github\/dependabot\.ya?ml$/i,
  /(^|\/)\.gitmodules$/i,
  /(^|\/)\.gitattributes$/i,
  /^\.husky\//i,
  /(^|\/)\.pre-commit-config\.ya?ml$/i,
];

const MANIFESTS = [
  /^package\.json$/i,
  /^(package-lock|npm-shrinkwrap)\.json$/i,
  /^(yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|bun\.lockb?|\.yarnrc\.yml|deno\.jsonc?|deno\.lock)$/i,
  /^(requirements|constraints)([-_.][^/]*)?\.(txt|in)$/i,
  /^(pipfile|pipfile\.lock|pyproject\.toml|poetry\.lock|uv\.lock|setup\.py|setup\.cfg|environment\.ya?ml)$/i,
  /^(go\.mod|go\.sum|go\.work|cargo\.toml|cargo\.lock)$/i,
  /^(gemfile|gemfile\.lock|.*\.gemspec)$/i,
  /^(composer\.json|composer\.lock|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.lockfile)$/i,
  /^(.*\.csproj|.*\.fsproj|packages\.config|directory\.packages\.props|nuget\.config)$/i,
  /^(mix\.exs|mix\.lock|pubspec\.ya?ml|pubspec\.lock|package\.swift|package\.resolved|podfile|podfile\.lock)$/i,
];

export function classifyEditPath(path: string): EditPathClass | null {
  if (isUnsafe(path)) return "unsafe";
  if (isSecretPath(path)) return "secret";
  if (PROTECTED.some((p) => p.test(path))) return "protected";
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (MANIFESTS.some((p) => p.test(base))) return "manifest";
  return null;
}

function isUnsafe(path: string): boolean {
  if (path.length === 0 || path.length > 500) return true;
  // Control characters (NUL included) and backslashes: a path must mean the same on every platform.
  if (/[\u0000-\u001f\u007f\\]/.test(path) || hasHiddenUnicode(path)) return true;
  if (path.startsWith("/") || /^[a-z]:/i.test(path)) return true;
  return path.split("/").some((segment) => segment === "" || segment === "." || segment === ".." || /[. ]$/.test(segment) || /^\s/.test(segment));
}
