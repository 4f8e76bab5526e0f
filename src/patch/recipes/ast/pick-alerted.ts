import type ts from "typescript";

/**
 * The candidates an alert is about. Each candidate has one or more nodes it can be recognised by
 * (a call, the string built for it). Candidates with a node inside the alert's range win; when
 * none is inside, the one whose node most tightly encloses the range does (an alert on an
 * argument means the call around it, not the route registration around that).
 */
export function pickAlerted<T>(
  candidates: readonly T[],
  nodesOf: (candidate: T) => readonly ts.Node[],
  range: { start: number; end: number },
  sourceFile: ts.SourceFile,
): T[] {
  const inside = candidates.filter((candidate) =>
    nodesOf(candidate).some((node) => node.getStart(sourceFile) >= range.start && node.getEnd() <= range.end),
  );
  if (inside.length > 0) return inside;
  let best: { candidate: T; size: number } | null = null;
  for (const candidate of candidates) {
    for (const node of nodesOf(candidate)) {
      const start = node.getStart(sourceFile);
      const end = node.getEnd();
      if (start > range.start || end < range.end) continue;
      if (!best || end - start < best.size) best = { candidate, size: end - start };
    }
  }
  return best ? [best.candidate] : [];
}
