import type { AlertSnapshot, AlertSource } from "./finding.js";
import type { Severity } from "./severity.js";

/**
 * One alert a repository fixed before secfix arrived: how long people took by hand. The report
 * compares secfix's time to resolution against these.
 */
export interface BaselineSample {
  repositoryId: number;
  /** `owner/name` when the sample was recorded. */
  repository: string;
  installationId: number;
  source: AlertSource;
  alertNumber: number;
  severity: Severity;
  createdAt: string;
  fixedAt: string;
}

/**
 * Which sources of a repository have had their history read, and the time that history was cut at.
 * The cutoff is the first backfill's: an alert fixed later may be secfix's own work.
 */
export interface BaselineRecord {
  repositoryId: number;
  repository: string;
  installationId: number;
  cutoff: string;
  /** Samples taken per source; a source that is missing was unavailable and is read at a later backfill. */
  sources: Partial<Record<AlertSource, number>>;
}

/** The manual time to resolution an alert stands for, in milliseconds; null when the dates make no sense. */
export function baselineDurationMs(sample: BaselineSample): number | null {
  const ms = Date.parse(sample.fixedAt) - Date.parse(sample.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/**
 * The sample an alert gives when it was fixed before the cutoff; null for anything else (open,
 * dismissed, fixed at or after the cutoff, or without a severity or fix time).
 */
export function baselineSampleFromAlert(
  alert: AlertSnapshot,
  context: { repositoryId: number; repository: string; installationId: number; cutoff: string },
): BaselineSample | null {
  if (alert.state !== "fixed" || alert.resolvedAt === null || alert.severity === null) return null;
  if (!(Date.parse(alert.resolvedAt) < Date.parse(context.cutoff))) return null;
  return {
    repositoryId: context.repositoryId,
    repository: context.repository,
    installationId: context.installationId,
    source: alert.source,
    alertNumber: alert.alertNumber,
    severity: alert.severity,
    createdAt: alert.createdAt,
    fixedAt: alert.resolvedAt,
  };
}
