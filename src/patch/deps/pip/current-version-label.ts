import type { Pep440Specifier } from "./pep440-specifier.js";

/**
 * What "from" means for a requirement: the pinned version, else the minimum it allows, else the
 * specifier as written ("any version" when there is none). Titles and version-delta checks read it.
 */
export function currentVersionLabel(specifier: Pep440Specifier): string {
  const pin = specifier.clauses.find((clause) => (clause.operator === "==" && !clause.wildcard) || clause.operator === "===");
  if (pin) return pin.versionText;
  const minimum = specifier.clauses.find((clause) => clause.operator === ">=" || clause.operator === ">" || clause.operator === "~=");
  if (minimum) return minimum.versionText;
  return specifier.text.trim() === "" ? "any version" : specifier.text.trim();
}
