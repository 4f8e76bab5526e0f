import { findingId, type AlertSnapshot, type Finding, type RepositoryRef } from "../domain/finding.js";

export interface FindingChange {
  finding: Finding;
  /** What happened to the alert's lifecycle in this merge, if anything. */
  lifecycle: "opened" | "resolved" | "reopened" | null;
}

/**
 * Folds a fresh read of an alert into the tracked finding. Triage is left as it was; the caller
 * re-triages. A webhook snapshot without a severity never erases one the API gave earlier.
 */
export function mergeAlertSnapshot(
  existing: Finding | null,
  snapshot: AlertSnapshot,
  context: { installationId: number; repository: RepositoryRef; now: string; synced: boolean },
): FindingChange {
  const alert: AlertSnapshot =
    existing && snapshot.severity === null ? { ...snapshot, severity: existing.alert.severity } : snapshot;
  const wasOpen = existing ? existing.alert.state === "open" : null;
  const isOpen = alert.state === "open";

  let resolvedAt = existing?.resolvedAt ?? null;
  let lifecycle: FindingChange["lifecycle"] = null;
  if (!existing) {
    lifecycle = isOpen ? "opened" : "resolved";
    resolvedAt = isOpen ? null : (alert.resolvedAt ?? context.now);
  } else if (wasOpen && !isOpen) {
    lifecycle = "resolved";
    resolvedAt = alert.resolvedAt ?? context.now;
  } else if (!wasOpen && isOpen) {
    lifecycle = "reopened";
    resolvedAt = null;
  }

  const opened = Date.parse(alert.createdAt);
  const resolved = resolvedAt ? Date.parse(resolvedAt) : Number.NaN;
  const finding: Finding = {
    id: findingId(context.repository.id, alert.source, alert.alertNumber),
    installationId: context.installationId,
    repository: context.repository,
    alert,
    triage: existing?.triage ?? null,
    firstSeenAt: existing?.firstSeenAt ?? context.now,
    lastSyncedAt: context.synced ? context.now : (existing?.lastSyncedAt ?? null),
    resolvedAt,
    timeToResolutionMs: Number.isFinite(resolved) && Number.isFinite(opened) ? Math.max(0, resolved - opened) : null,
    // The SLA record outlives any one read of the alert: it says where the escalation issue is.
    ...(existing?.sla && { sla: existing.sla }),
  };
  return { finding, lifecycle };
}
