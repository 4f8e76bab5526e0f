import { posix } from "node:path";
import type { RepoFiles } from "../../../domain/dependency-fix.js";

/** Lockfiles secfix cannot regenerate yet, with the command that does it by hand. */
export const PIP_LOCKFILES: Readonly<Record<string, (packageName: string) => string>> = {
  "poetry.lock": (name) => `poetry update ${name}`,
  "uv.lock": (name) => `uv lock --upgrade-package ${name}`,
  "pdm.lock": (name) => `pdm update ${name}`,
  "Pipfile.lock": (name) => `pipenv update ${name}`,
  "pylock.toml": () => "the tool that wrote pylock.toml, exporting it again",
};

/**
 * A lockfile that pins what the manifest declares, or null. Editing the manifest alone would leave
 * it stale (and the next install would ignore the fix), so its presence stops the patch. Looks
 * next to the manifest, and for pyproject.toml also up the tree: a uv workspace keeps one uv.lock
 * at its root.
 */
export async function findPipLockfile(manifestPath: string, files: RepoFiles): Promise<string | null> {
  const directory = posix.dirname(manifestPath);
  const join = (dir: string, name: string) => (dir === "." ? name : `${dir}/${name}`);
  for (const name of Object.keys(PIP_LOCKFILES)) {
    const path = join(directory, name);
    if ((await files.read(path)) !== null) return path;
  }
  if (posix.basename(manifestPath) === "pyproject.toml") {
    for (let dir = directory; dir !== "." && dir !== "/"; ) {
      dir = posix.dirname(dir);
      const path = join(dir, "uv.lock");
      if ((await files.read(path)) !== null) return path;
    }
  }
  return null;
}
