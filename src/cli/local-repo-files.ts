import { mkdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileChange, RepoFiles } from "../domain/dependency-fix.js";

/**
 * Files of a local checkout. Paths come from alerts and patchers, so every one is resolved and
 * must stay inside the checkout, symlinks included: nothing outside is read or written.
 */
export function localRepoFiles(root: string): RepoFiles & { write(changes: readonly FileChange[]): Promise<void> } {
  const base = path.resolve(root);

  async function inside(relative: string): Promise<string> {
    const target = path.resolve(base, relative);
    if (path.isAbsolute(relative) || (target !== base && !target.startsWith(base + path.sep))) {
      throw new Error(`refusing ${relative}: it is outside ${base}`);
    }
    // The nearest existing ancestor decides where a symlinked path really points.
    let existing = target;
    for (;;) {
      try {
        const real = await realpath(existing);
        const realBase = await realpath(base);
        if (real !== realBase && !real.startsWith(realBase + path.sep)) throw new Error(`refusing ${relative}: it leads outside ${base} through a link`);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        const parent = path.dirname(existing);
        if (parent === existing) return target;
        existing = parent;
      }
    }
  }

  return {
    async read(relative) {
      const file = await inside(relative);
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EISDIR") return null;
        throw error;
      }
    },
    async write(changes) {
      for (const change of changes) {
        const file = await inside(change.path);
        if (change.after === null) await rm(file, { force: true });
        else {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, change.after);
        }
      }
    },
  };
}
