import type { PackageTree } from "./package-tree.js";

interface Flags {
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  extraneous: boolean;
}

/**
 * Recomputes every entry's `dev`, `optional`, `devOptional` and `peer` flags from the edges, the
 * way arborist's calcDepFlags does (flags start set and are cleared along the edges walked from
 * the root), writes them into the entries and returns the locations nothing reaches.
 */
export function calculateDependencyFlags(tree: PackageTree): Set<string> {
  const flags = new Map<string, Flags>();
  for (const loc of tree.locations()) {
    const start = loc !== "";
    flags.set(loc, { dev: start, optional: start, devOptional: start, peer: start, extraneous: start });
  }
  const seen = new Set<string>();
  const queue = [""];
  while (queue.length > 0) {
    const loc = queue.pop()!;
    seen.add(loc);
    const node = flags.get(loc)!;
    if (!node.extraneous) {
      for (let up = tree.resolveParent(loc); up !== null && flags.get(up)?.extraneous; up = tree.resolveParent(up)) {
        flags.get(up)!.extraneous = false;
      }
    }
    if (tree.isLink(loc)) {
      const target = flags.get(tree.real(loc));
      if (!target) continue;
      let changed = false;
      for (const key of ["dev", "optional", "devOptional", "peer", "extraneous"] as const) {
        if (target[key] && !node[key]) {
          target[key] = false;
          changed = true;
        }
      }
      if (changed || !seen.has(tree.real(loc))) queue.push(tree.real(loc));
      continue;
    }
    for (const edge of tree.edgesOut(loc)) {
      if (edge.to === null) continue;
      const to = flags.get(edge.to)!;
      const dev = edge.type === "dev";
      const optional = edge.type === "optional" || edge.type === "peerOptional";
      const peer = edge.type === "peer" || edge.type === "peerOptional";
      let changed = false;
      if (to.extraneous && !node.extraneous && edge.type !== "peerOptional") {
        to.extraneous = false;
        changed = true;
      }
      if (to.dev && !node.dev && !dev) {
        to.dev = false;
        changed = true;
      }
      if (to.optional && !node.optional && !optional) {
        to.optional = false;
        changed = true;
      }
      if (to.devOptional && !node.devOptional && !node.dev && !node.optional && !dev && !optional) {
        to.devOptional = false;
        changed = true;
      }
      if (to.peer && !node.peer && !peer) {
        to.peer = false;
        changed = true;
      }
      if (changed) queue.push(edge.to);
    }
  }

  const extraneous = new Set<string>();
  for (const [loc, node] of flags) {
    if (loc === "") continue;
    if (node.devOptional && (node.dev || node.optional) && seen.has(loc)) node.devOptional = false;
    if (node.extraneous) extraneous.add(loc);
    const entry = tree.get(loc)!;
    if (entry.link) continue;
    delete entry.dev;
    delete entry.optional;
    delete entry.devOptional;
    delete entry.peer;
    delete entry.extraneous;
    if (node.extraneous) {
      entry.extraneous = true;
      continue;
    }
    if (node.peer) entry.peer = true;
    if (node.dev) entry.dev = true;
    if (node.optional) entry.optional = true;
    if (node.devOptional && !node.dev && !node.optional) entry.devOptional = true;
  }
  return extraneous;
}
