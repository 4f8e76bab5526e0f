import type { VulnerableRange } from "../../../domain/dependency-fix.js";
import type { TargetVersion } from "./choose-target-version.js";

function list(versions: string[]): string {
  return versions.length <= 5 ? versions.join(", ") : `${versions.slice(0, 5).join(", ")} and ${versions.length - 5} more`;
}

/** Why this version: the advisories it escapes and the newer versions passed over. */
export function targetExplanation(name: string, target: TargetVersion, vulnerabilities: VulnerableRange[]): string[] {
  const ranges = vulnerabilities.map((v) => `${v.range} (${v.ghsaId})`).join(", ");
  const lines = [`${name}@${target.version} is the lowest published version outside ${ranges}.`];
  if (target.skippedVulnerable.length > 0) lines.push(`Skipped as still vulnerable: ${list(target.skippedVulnerable)}.`);
  if (target.skippedDeprecated.length > 0) lines.push(`Skipped as deprecated: ${list(target.skippedDeprecated)}.`);
  if (target.deprecated) lines.push(`${name}@${target.version} is deprecated on the registry, but no fixed version is not.`);
  return lines;
}
