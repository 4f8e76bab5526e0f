import type { Finding } from "../domain/finding.js";

function linesOverlap(a: Finding, b: Finding): boolean {
  const la = a.alert.location;
  const lb = b.alert.location;
  if (!la || !lb || la.path !== lb.path) return false;
  if (la.startLine === null || lb.startLine === null) return false;
  const aEnd = la.endLine ?? la.startLine;
  const bEnd = lb.endLine ?? lb.startLine;
  return la.startLine <= bEnd && lb.startLine <= aEnd;
}

function sameWeakness(a: Finding, b: Finding): boolean {
  if (a.alert.ruleId === b.alert.ruleId) return true;
  return a.alert.cwes.some((cwe) => b.alert.cwes.includes(cwe));
}

function isSameProblem(a: Finding, b: Finding): boolean {
  if (a.alert.source !== b.alert.source) return false;
  if (a.alert.source === "dependabot") {
    const da = a.alert.dependency;
    const db = b.alert.dependency;
    return (
      !!da &&
      !!db &&
      a.alert.ruleId === b.alert.ruleId &&
      da.ecosystem === db.ecosystem &&
      da.name === db.name &&
      da.manifestPath === db.manifestPath
    );
  }
  // Two scanners (CodeQL and Semgrep, say) reporting one weakness at one place are one problem.
  return linesOverlap(a, b) && sameWeakness(a, b);
}

/** Deterministic order, so two findings never each name the other as the original. */
function isOlder(a: Finding, b: Finding): boolean {
  if (a.alert.createdAt !== b.alert.createdAt) return a.alert.createdAt < b.alert.createdAt;
  return a.id < b.id;
}

/** The id of the open finding this one repeats, if any; the oldest report is the original. */
export function findDuplicate(finding: Finding, others: readonly Finding[]): string | null {
  let original: Finding | null = null;
  for (const other of others) {
    if (other.id === finding.id || other.alert.state !== "open") continue;
    if (other.repository.id !== finding.repository.id) continue;
    if (!isSameProblem(finding, other) || !isOlder(other, finding)) continue;
    if (!original || isOlder(other, original)) original = other;
  }
  return original?.id ?? null;
}
