import type { FileChange, RepoFiles } from "../domain/dependency-fix.js";

export interface OverlayFiles extends RepoFiles {
  /** Lays a patch's changes over the files, so the next patch in the plan builds on them. */
  apply(changes: readonly FileChange[]): void;
  /** Every file changed so far: `before` as in the base commit, `after` as the last patch left it. */
  changes(): FileChange[];
}

/** Base-commit files with the plan's earlier patches laid over them. */
export function overlayFiles(base: RepoFiles): OverlayFiles {
  const changed = new Map<string, FileChange>();
  return {
    async read(path) {
      const change = changed.get(path);
      return change ? change.after : base.read(path);
    },
    apply(changes) {
      for (const change of changes) {
        const earlier = changed.get(change.path);
        changed.set(change.path, { path: change.path, before: earlier ? earlier.before : change.before, after: change.after });
      }
    },
    changes() {
      return [...changed.values()].filter((change) => change.before !== change.after).sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}
