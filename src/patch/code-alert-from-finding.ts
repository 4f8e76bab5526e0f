import type { CodeAlert } from "../domain/code-fix.js";
import type { AlertSnapshot, Finding } from "../domain/finding.js";

/** A code-scanning alert as fixers see it; null when it points at no line of code. */
export function codeAlertFromSnapshot(alert: AlertSnapshot, severity: string): CodeAlert | null {
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
    severity,
    cwes: alert.cwes,
  };
}

export function codeAlertFromFinding(finding: Finding): CodeAlert | null {
  return codeAlertFromSnapshot(finding.alert, finding.triage?.severity ?? finding.alert.severity ?? "none");
}
