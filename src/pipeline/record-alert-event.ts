import { appendAuditEvent } from "../audit/append-audit-event.js";
import { findingId, type AlertSource, type RepositoryRef } from "../domain/finding.js";
import { syncAlertJob } from "./job-payloads.js";
import type { Store } from "../store/store.js";
import { codeScanningAlertToSnapshot } from "../ingest/code-scanning-alert.js";
import { dependabotAlertToSnapshot } from "../ingest/dependabot-alert.js";
import { MalformedAlertError } from "../ingest/malformed-alert-error.js";
import { mergeAlertSnapshot } from "../ingest/merge-alert-snapshot.js";

export interface AlertEvent {
  deliveryId: string;
  event: string;
  action: string;
  source: AlertSource;
  installationId: number;
  repository: RepositoryRef;
  sender: string;
  alert: unknown;
}

export type AlertEventOutcome = "recorded" | "duplicate_delivery" | "malformed";

function snapshotOf(source: AlertSource, alert: unknown) {
  return source === "code_scanning"
    ? codeScanningAlertToSnapshot(alert, { fromApi: false })
    : dependabotAlertToSnapshot(alert);
}

function alertNumberOf(alert: unknown): number | null {
  const value = (alert as { number?: unknown } | null)?.number;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * What the webhook request does, in one transaction: remember the delivery, start tracking the
 * alert, and queue the job that reads it from the API and triages it. Nothing slow happens here.
 */
export async function recordAlertEvent(store: Store, event: AlertEvent, now: string): Promise<AlertEventOutcome> {
  return store.transaction(async (tx) => {
    const fresh = await tx.recordDelivery({
      id: event.deliveryId,
      event: event.event,
      action: event.action,
      installationId: event.installationId,
      repository: event.repository.fullName,
      receivedAt: now,
    });
    if (!fresh) return "duplicate_delivery";

    const alertNumber = alertNumberOf(event.alert);
    let problems: string[] = [];
    try {
      const snapshot = snapshotOf(event.source, event.alert);
      const existing = await tx.getFinding(findingId(event.repository.id, event.source, snapshot.alertNumber));
      if (!existing) {
        const { finding } = mergeAlertSnapshot(null, snapshot, {
          installationId: event.installationId,
          repository: event.repository,
          now,
          synced: false,
        });
        await tx.saveFinding(finding);
        await appendAuditEvent(
          tx,
          {
            actor: { type: "github", login: event.sender },
            installationId: event.installationId,
            repository: event.repository.fullName,
            subject: `finding:${finding.id}`,
            action: "finding.recorded",
            details: { delivery: event.deliveryId, event: `${event.event}.${event.action}`, state: snapshot.state, rule: snapshot.ruleId },
          },
          now,
        );
      }
    } catch (error) {
      if (!(error instanceof MalformedAlertError)) throw error;
      problems = error.problems;
    }

    if (problems.length > 0) {
      // The payload is kept as evidence; the API read in the job is the authority anyway.
      await appendAuditEvent(
        tx,
        {
          actor: { type: "github", login: event.sender },
          installationId: event.installationId,
          repository: event.repository.fullName,
          subject: `delivery:${event.deliveryId}`,
          action: "webhook.malformed",
          details: { event: `${event.event}.${event.action}`, problems, alertNumber },
        },
        now,
      );
      if (alertNumber === null) return "malformed";
    }
    if (alertNumber !== null) {
      await tx.enqueueJob(syncAlertJob(event.installationId, event.repository, event.source, alertNumber), now);
    }
    return problems.length > 0 ? "malformed" : "recorded";
  });
}
