import { normalizePackageName } from "../patch/deps/pip/normalize-package-name.js";
import { dependencyFileKind } from "./dependency-file-kind.js";
import { npmLockfilePackages } from "./npm-lockfile-packages.js";
import { pipPinnedRequirements } from "./pip-pinned-requirements.js";

/**
 * The versions of `packageName` that a dependency file makes the project install, distinct, in
 * file order. `[]` when the file settles that the package is not there; null when the file cannot
 * tell: a manifest with ranges (package.json, an unpinned requirement), a file it cannot parse, or
 * a format or ecosystem the gates do not read (yarn.lock, poetry.lock, Go, Maven …).
 *
 * npm: package-lock.json / npm-shrinkwrap.json, every place the package is installed, aliases by
 * the package they install. pip: `==`/`===` pins of requirements files (`requirements*.txt`,
 * `constraints*.txt`, `requirements/*.txt`, `*.in`) and pyproject.toml's PEP 621 arrays, names
 * compared PEP 503-normalised. A pip file that names the package without a pin cannot tell, even
 * when another line pins it: the unpinned line may resolve to any version.
 */
export function resolvedVersions(ecosystem: string, path: string, text: string, packageName: string): string[] | null {
  const kind = dependencyFileKind(path);
  if (ecosystem === "npm" && kind === "npm-lockfile") {
    const installed = npmLockfilePackages(path, text);
    return installed === null ? null : distinct(installed.filter((pkg) => pkg.name === packageName).map((pkg) => pkg.version));
  }
  if (ecosystem === "pip" && (kind === "pip-requirements" || kind === "pyproject")) {
    const read = pipPinnedRequirements(kind, text);
    const name = normalizePackageName(packageName);
    if (read === null || read.unpinned.has(name)) return null;
    const versions = distinct(read.pins.filter((pin) => pin.name === name).map((pin) => pin.version));
    // A pyproject.toml without a pin for the package says nothing of what a resolver installs.
    return kind === "pyproject" && versions.length === 0 ? null : versions;
  }
  return null;
}

function distinct(versions: string[]): string[] {
  return [...new Set(versions)];
}
