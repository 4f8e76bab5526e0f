/** What a dependency file is, as far as the gates read it; null for files they do not know. */
export type DependencyFileKind = "npm-lockfile" | "npm-manifest" | "pip-requirements" | "pyproject";

const REQUIREMENTS = /(^|\/)([^/]*(requirements|constraints)[^/]*|requirements\/[^/]+)\.(txt|in)$/i;

/** Recognised by name, the way npm and pip find them: `package-lock.json`, `requirements-dev.txt`, `requirements/base.txt`. */
export function dependencyFileKind(path: string): DependencyFileKind | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") return "npm-lockfile";
  if (name === "package.json") return "npm-manifest";
  if (name === "pyproject.toml") return "pyproject";
  if (REQUIREMENTS.test(path)) return "pip-requirements";
  return null;
}
