import type { PackageTree } from "./package-tree.js";

function list(items: string[]): string {
  const unique = [...new Set(items)].sort();
  return unique.length <= 6 ? unique.join(", ") : `${unique.slice(0, 6).join(", ")} and ${unique.length - 6} more`;
}

/** "Adds …", "Removes …", "Updates …" over installed packages, for the PR body. */
export function summarizeTreeChanges(before: PackageTree, after: PackageTree): string[] {
  const describe = (tree: PackageTree, loc: string) => `${tree.packageNameOf(loc)}@${tree.versionOf(loc)}`;
  const installed = (tree: PackageTree) => tree.locations().filter((loc) => loc.includes("node_modules/") && !tree.isLink(loc));
  const added: string[] = [];
  const removed: string[] = [];
  const updated: string[] = [];
  const old = new Set(installed(before));
  for (const loc of installed(after)) {
    if (!old.has(loc)) added.push(describe(after, loc));
    else if (before.versionOf(loc) !== after.versionOf(loc) || before.packageNameOf(loc) !== after.packageNameOf(loc)) {
      updated.push(`${after.packageNameOf(loc)} ${before.versionOf(loc)} → ${after.versionOf(loc)}`);
    }
    old.delete(loc);
  }
  for (const loc of old) removed.push(describe(before, loc));
  const lines: string[] = [];
  if (updated.length > 0) lines.push(`Updates ${list(updated)}.`);
  const count = (items: string[]) => new Set(items).size;
  if (added.length > 0) lines.push(`Adds ${count(added)} package${count(added) === 1 ? "" : "s"} the new versions need: ${list(added)}.`);
  if (removed.length > 0) lines.push(`Removes ${count(removed)} package${count(removed) === 1 ? "" : "s"} nothing needs any more: ${list(removed)}.`);
  return lines;
}
