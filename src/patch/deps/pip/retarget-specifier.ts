import type { Pep440Clause, Pep440Specifier } from "./pep440-specifier.js";
import { Pep440Version } from "./pep440-version.js";

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * `~=` keeps the precision it was written with when the target allows (`~=1.4` → `~=1.6` for
 * 1.6.0, keeping the `<2` it implied), else it takes the full target (`~=1.6.2`), padded to the
 * two numbers `~=` needs.
 */
function compatibleVersion(clause: Pep440Clause, target: Pep440Version): string {
  const precision = clause.version?.release.length ?? 2;
  const plain = target.pre === null && target.post === null && target.dev === null && target.local === null;
  if (plain && target.release.length > precision && target.release.slice(precision).every((part) => part === 0n)) {
    return new Pep440Version({ ...target, release: target.release.slice(0, precision) }).toString();
  }
  if (target.release.length < 2) return new Pep440Version({ ...target, release: [...target.release, 0n] }).toString();
  return target.toString();
}

/**
 * Rewrites a specifier so that `target` is its pin or its minimum, keeping its style: a pin
 * (`==1.0`) becomes `==target`, a minimum (`>=`, `>`, `~=`) moves up to the target, and a set
 * without one (`<2`, `==1.2.*`, nothing) gains `>=target` in front. Upper bounds and exclusions
 * stay as written; whether the result really admits the target is the caller's check.
 */
export function retargetSpecifier(specifier: Pep440Specifier, target: Pep440Version): string {
  const version = target.toString();
  const edits: Edit[] = [];
  const pins = specifier.clauses.filter((clause) => (clause.operator === "==" && !clause.wildcard) || clause.operator === "===");
  const minimums = specifier.clauses.filter((clause) => clause.operator === ">=" || clause.operator === ">" || clause.operator === "~=");
  if (pins.length > 0) {
    for (const pin of pins) edits.push({ start: pin.versionStart, end: pin.end, text: version });
  } else if (minimums.length > 0) {
    for (const clause of minimums) {
      if (clause.operator === "~=") {
        edits.push({ start: clause.versionStart, end: clause.end, text: compatibleVersion(clause, target) });
      } else {
        // `>target` would exclude the target itself.
        if (clause.operator === ">") edits.push({ start: clause.start, end: clause.start + 1, text: ">=" });
        edits.push({ start: clause.versionStart, end: clause.end, text: version });
      }
    }
  } else if (specifier.clauses.length === 0) {
    return `>=${version}`;
  } else {
    const separator = /,\s/.test(specifier.text) ? ", " : ",";
    edits.push({ start: specifier.clauses[0]!.start, end: specifier.clauses[0]!.start, text: `>=${version}${separator}` });
  }
  let text = specifier.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}
