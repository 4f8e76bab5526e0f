import { normalizePackageName } from "./normalize-package-name.js";
import { parsePep508Requirement } from "./pep508-requirement.js";

/**
 * The package a path or URL requirement installs, as far as its text tells: `name @ url`,
 * a VCS URL's `#egg=name`, an archive's file name (`name-1.0.tar.gz`, `name-1.0-py3-none-any.whl`)
 * or a directory's name. Normalised (PEP 503); null when the text does not say.
 */
export function unnamedRequirementName(target: string): string | null {
  const named = parsePep508Requirement(target);
  if (named?.url) return normalizePackageName(named.name.text);
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(target);
  if (egg) return normalizePackageName(egg[1]!.replace(/-\d.*$/, ""));
  const path = target.replace(/[?#].*$/, "").replace(/\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  if (last === "" || last === "." || last === "..") return null;
  const archive = /^(.+?)-\d[^/]*\.(?:whl|tar\.gz|tar\.bz2|tar\.xz|zip|tgz)$/i.exec(last);
  if (archive) return normalizePackageName(archive[1]!);
  // A repository URL without a fragment (`git+https://host/org/name.git`) or a project directory.
  return normalizePackageName(last.replace(/@.*$/, "").replace(/\.git$/i, ""));
}
