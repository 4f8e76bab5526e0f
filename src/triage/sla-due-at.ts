import { durationMs, type SecfixConfig } from "../config/config.schema.js";
import type { Severity } from "../domain/severity.js";

/** The SLA clock starts when GitHub opened the alert, not when secfix first saw it. */
export function slaDueAt(severity: Severity, openedAt: string, sla: SecfixConfig["sla"]): string | null {
  if (severity === "none") return null;
  const opened = Date.parse(openedAt);
  if (Number.isNaN(opened)) return null;
  return new Date(opened + durationMs(sla[severity])).toISOString();
}
