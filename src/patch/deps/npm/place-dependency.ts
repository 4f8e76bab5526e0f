import semver from "semver";
import { gatherDepSet } from "./gather-dep-set.js";
import { childLocation, isTopLocation, type Edge, type PackageTree } from "./package-tree.js";

/** A package version about to enter the tree. */
export interface Candidate {
  name: string;
  packageName: string;
  version: string;
}

export type Placement = { kind: "keep" | "replace" | "ok"; target: string } | { kind: "conflict"; reason: string };

type Verdict = "keep" | "replace" | "ok" | "conflict";

/** May `candidate` stand in for the node at `current` for everyone depending on it (arborist's canReplace)? */
export function canReplace(tree: PackageTree, current: string, candidate: Candidate): boolean {
  if (tree.packageNameOf(current) !== candidate.packageName) return false;
  const ownDeps = gatherDepSet(tree, [current], (edge) => edge.to !== current && tree.isValid(edge));
  return tree
    .edgesIn(current)
    .every((edge) => ownDeps.has(edge.from) || tree.admits(edge, candidate.packageName, candidate.version));
}

/** The deepest folder a dependency may go: not inside a node that only peer-depends on it. */
export function deepestNestingTarget(tree: PackageTree, start: string, name: string): string {
  for (const target of tree.ancestry(start)) {
    if (target === "" || tree.resolveParent(target) === null) return target;
    const edge = tree.edgeOut(target, name);
    if (!edge || (edge.type !== "peer" && edge.type !== "peerOptional")) return target;
  }
  return "";
}

function isPeer(edge: Edge): boolean {
  return edge.type === "peer" || edge.type === "peerOptional";
}

function checkCurrent(
  tree: PackageTree,
  target: string,
  current: string,
  edge: Edge,
  candidate: Candidate,
  explicit: boolean,
): Verdict {
  const currentVersion = tree.versionOf(current);
  const currentSatisfies = tree.admits(edge, tree.packageNameOf(current), currentVersion);
  if (tree.packageNameOf(current) === candidate.packageName && currentVersion === candidate.version && !tree.isLink(current)) {
    if (currentSatisfies || !tree.admits(edge, candidate.packageName, candidate.version)) return explicit ? "replace" : "keep";
  }
  const newer = semver.valid(currentVersion) !== null && semver.gte(candidate.version, currentVersion);
  if (newer && !tree.isLink(current) && canReplace(tree, current, candidate)) return "replace";
  if (currentSatisfies && !explicit) return "keep";
  const deepest = deepestNestingTarget(tree, edge.from, edge.name);
  if (target !== deepest) return "conflict";
  if (!isPeer(edge) && target === edge.from) return "replace";
  return canReplace(tree, current, candidate) ? "replace" : "conflict";
}

function checkNoCurrent(tree: PackageTree, target: string, edge: Edge, candidate: Candidate): Verdict {
  if (target === edge.from) return "ok";
  const shadowed = tree.resolve(target, candidate.name);
  if (shadowed !== null) {
    for (const incoming of tree.edgesIn(shadowed)) {
      if (tree.isDescendantOf(incoming.from, target) && tree.isValid(incoming) && !tree.admits(incoming, candidate.packageName, candidate.version)) {
        return "conflict";
      }
    }
  }
  return "ok";
}

function check(tree: PackageTree, target: string, edge: Edge, candidate: Candidate, explicit: boolean): Verdict {
  const targetEdge = tree.edgeOut(target, candidate.name);
  if (targetEdge && isPeer(targetEdge) && !isTopLocation(target)) return "conflict";
  const current = childLocation(target, candidate.name);
  const exists = tree.has(current);
  if (!exists && targetEdge && targetEdge !== edge && !sameEdge(targetEdge, edge) && !tree.admits(targetEdge, candidate.packageName, candidate.version)) {
    return "conflict";
  }
  return exists ? checkCurrent(tree, target, current, edge, candidate, explicit) : checkNoCurrent(tree, target, edge, candidate);
}

function sameEdge(a: Edge, b: Edge): boolean {
  return a.from === b.from && a.name === b.name;
}

/**
 * Where npm would put `candidate` to meet `edge` (arborist's PlaceDep): walk from the dependent
 * towards the root and take the highest folder before the first conflict, so packages hoist as
 * far as they can without changing what anyone else resolves to.
 */
export function findPlacement(tree: PackageTree, edge: Edge, candidate: Candidate, explicit: boolean): Placement {
  const start = deepestNestingTarget(tree, edge.from, edge.name);
  let chosen: { kind: "keep" | "replace" | "ok"; target: string } | null = null;
  for (const target of tree.ancestry(start)) {
    const targetEdge = tree.edgeOut(target, edge.name);
    if (!isTopLocation(target) && targetEdge && isPeer(targetEdge)) continue;
    const verdict = check(tree, target, edge, candidate, explicit);
    if (verdict === "conflict") break;
    chosen = { kind: verdict, target };
  }
  if (!chosen) {
    const from = edge.from === "" ? "the project" : edge.from;
    return {
      kind: "conflict",
      reason: `${candidate.packageName}@${candidate.version} cannot be placed for ${from} (${edge.name}@${edge.spec}) without breaking another package's peer dependency`,
    };
  }
  return chosen;
}
