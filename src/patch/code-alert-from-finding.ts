import type { CodeAlert } from "../domain/code-fix.js";
import type { Finding } from "../domain/finding.js";

/** The code-scanning finding as fixers see it; null when the alert points at no line of code. */
export function codeAlertFromFinding(finding: Finding): CodeAlert | null {
  const { alert } = finding;
  const location = alert.location;
  if (alert.source !== "code_scanning" || !location?.path || location.startLine === null) return null;
  return {
    ruleId: alert.ruleId,
    tool: alert.tool,
    path: location.path,
    startLine: location.startLine,
    endLine: location.endLine ?? location.startLine,
    startColumn: location.startColumn ?? null,
    endColumn: location.endColumn ?? null,
    message: alert.message ?? alert.title,
    ruleHelp: alert.ruleHelp ?? null,
    severity: finding.triage?.severity ?? alert.severity ?? "none",
    cwes: alert.cwes,
  };
}
