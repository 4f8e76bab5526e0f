import { isTopLocation, type PackageTree } from "./package-tree.js";

const TYPE_ORDER = ["workspace", "prod", "optional", "peer", "peerOptional", "dev"];

function label(tree: PackageTree, location: string): string {
  if (location === "") return "(root)";
  if (isTopLocation(location)) return `(workspace ${location})`;
  return `${tree.packageNameOf(location)}@${tree.versionOf(location)}`;
}

/**
 * The shortest way the project reaches `location`: `[pkg@1.2.3, parent@2.0.0, (root)]`, read as
 * `pkg@1.2.3 ← parent@2.0.0 ← (root)`. Production edges win ties over dev ones.
 */
export function dependencyChain(tree: PackageTree, location: string): string[] {
  const previous = new Map<string, string | null>([[location, null]]);
  const queue = [location];
  let reached: string | null = null;
  while (queue.length > 0 && reached === null) {
    const current = queue.shift()!;
    if (isTopLocation(current)) {
      reached = current;
      break;
    }
    const incoming = [...tree.edgesIn(current)].sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type));
    // A workspace's dependents reach it through its link in node_modules.
    for (const loc of tree.locations()) {
      if (tree.isLink(loc) && tree.real(loc) === current) incoming.push(...tree.edgesIn(loc));
    }
    for (const edge of incoming) {
      if (previous.has(edge.from)) continue;
      previous.set(edge.from, current);
      queue.push(edge.from);
    }
  }
  const chain: string[] = [];
  if (reached === null) return [label(tree, location)];
  for (let at: string | null = reached; at !== null; at = previous.get(at) ?? null) chain.unshift(label(tree, at));
  return chain;
}
