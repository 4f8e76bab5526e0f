import type { Exposure, Priority } from "../domain/finding.js";
import type { Severity } from "../domain/severity.js";

const BASE: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
const PRIORITIES: Priority[] = ["P0", "P1", "P2", "P3", "P4"];

/**
 * Severity sets the starting rank; where the code sits moves it one step: customer-facing code
 * is more urgent, development-only code less.
 */
export function rankPriority(severity: Severity, exposure: Exposure): Priority {
  let rank = BASE[severity];
  if (severity !== "none") {
    if (exposure.customerFacing) rank -= 1;
    else if (exposure.scope === "development") rank += 1;
  }
  return PRIORITIES[Math.min(4, Math.max(0, rank))]!;
}
