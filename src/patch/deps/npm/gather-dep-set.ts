import type { Edge, PackageTree } from "./package-tree.js";

/**
 * The nodes reachable from `start` through edges passing `follow`, minus any that something outside
 * the set still depends on (arborist's gatherDepSet): what can go when `start` goes.
 */
export function gatherDepSet(tree: PackageTree, start: Iterable<string>, follow: (edge: Edge) => boolean): Set<string> {
  const deps = new Set(start);
  for (const loc of deps) {
    for (const edge of tree.edgesOut(loc)) {
      if (edge.to !== null && follow(edge)) deps.add(edge.to);
    }
  }
  let changed = true;
  while (changed && deps.size > 0) {
    changed = false;
    for (const loc of deps) {
      if (tree.edgesIn(loc).some((edge) => !deps.has(edge.from) && follow(edge))) {
        deps.delete(loc);
        changed = true;
      }
    }
  }
  return deps;
}
