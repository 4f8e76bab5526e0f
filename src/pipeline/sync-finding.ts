import { appendAuditEvent } from "../audit/append-audit-event.js";
import { canonicalJson } from "../audit/canonical-json.js";
import type { SecfixConfig } from "../config/config.schema.js";
import type { AuditActor } from "../domain/audit-event.js";
import { findingId, type AlertSnapshot, type Finding, type RepositoryRef } from "../domain/finding.js";
import type { JobLease } from "../domain/job.js";
import { mergeAlertSnapshot } from "../ingest/merge-alert-snapshot.js";
import type { Store } from "../store/store.js";
import { armSla } from "../triage/arm-sla.js";
import { slaMarks } from "../triage/sla-timeline.js";
import { triageFinding } from "../triage/triage-finding.js";
import { fixCodeJob, fixDependenciesJob, slaResolvedJob, slaTimerJob, syncAlertJob } from "./job-payloads.js";

export interface SyncFindingInput {
  installationId: number;
  repository: RepositoryRef;
  /** Read from the API just now: the authority on the alert's state. */
  snapshot: AlertSnapshot;
  config: SecfixConfig;
  lease: JobLease;
  now: string;
}

export interface SyncFindingResult {
  finding: Finding;
  changed: boolean;
}

const SECFIX: AuditActor = { type: "secfix", login: "secfix" };

function material(finding: Finding | null): string {
  return finding ? canonicalJson({ alert: finding.alert, triage: finding.triage, resolvedAt: finding.resolvedAt, sla: finding.sla ?? null }) : "";
}

/**
 * Brings one finding up to date with GitHub and triages it, in one transaction fenced by the
 * job's lease. A read that changes nothing writes nothing, so replays are free of side effects.
 */
export async function syncFinding(store: Store, input: SyncFindingInput): Promise<SyncFindingResult> {
  const { installationId, repository, snapshot, config, lease, now } = input;
  return store.transaction(
    async (tx) => {
      const id = findingId(repository.id, snapshot.source, snapshot.alertNumber);
      const existing = await tx.getFinding(id);
      const { finding: merged, lifecycle } = mergeAlertSnapshot(existing, snapshot, { installationId, repository, now, synced: true });
      const others = (await tx.listFindings({ repository: repository.fullName })).filter((other) => other.id !== id);
      const triage = triageFinding(merged, config, others);
      // A finding acted on runs an SLA clock; one whose clock is new, or due at another time, is armed.
      const { sla, armed } = armSla({ ...merged, triage });
      const { sla: _previous, ...rest } = merged;
      const next: Finding = sla ? { ...rest, triage, sla } : { ...rest, triage };
      if (existing && material(existing) === material(next)) return { finding: existing, changed: false };

      await tx.saveFinding(next);
      const base = { actor: SECFIX, installationId, repository: repository.fullName, subject: `finding:${id}` };
      if (!existing) {
        await appendAuditEvent(tx, { ...base, action: "finding.recorded", details: { state: snapshot.state, rule: snapshot.ruleId, via: "api" } }, now);
      }
      // Dependency findings to act on, and ones that closed (their PR may be done), start a fix pass.
      if (triage.decision === "act" || lifecycle === "resolved") {
        await tx.enqueueJob(
          snapshot.source === "dependabot" ? fixDependenciesJob(installationId, repository, now) : fixCodeJob(installationId, repository, id, now),
          now,
        );
      }
      if (lifecycle === "resolved") {
        // Findings held back as its duplicates now stand on their own: triage them again.
        for (const duplicate of others.filter((other) => other.triage?.decision === "duplicate" && other.triage.duplicateOf === id)) {
          await tx.enqueueJob(syncAlertJob(installationId, repository, duplicate.alert.source, duplicate.alert.alertNumber), now);
        }
      }
      if (lifecycle === "resolved" && existing) {
        await appendAuditEvent(
          tx,
          {
            ...base,
            action: "finding.resolved",
            details: { state: snapshot.state, reason: snapshot.resolutionReason, timeToResolutionMs: next.timeToResolutionMs },
          },
          now,
        );
      }
      // The due time is on record in `finding.triaged` (or `finding.reopened`); its timers are jobs.
      if (armed && next.sla?.dueAt) {
        const dueAt = next.sla.dueAt;
        for (const mark of slaMarks(next.alert.createdAt, dueAt)) await tx.enqueueJob(slaTimerJob(installationId, repository, id, mark, dueAt), now);
      }
      if (lifecycle === "resolved" && existing && next.sla && (next.sla.escalation || next.sla.atRiskPulls.length > 0)) {
        await tx.enqueueJob(slaResolvedJob(installationId, repository, id, next.resolvedAt ?? now), now);
      }
      if (lifecycle === "reopened") {
        await appendAuditEvent(tx, { ...base, action: "finding.reopened", details: { state: snapshot.state } }, now);
      }
      if (canonicalJson(existing?.triage ?? null) !== canonicalJson(triage)) {
        await appendAuditEvent(
          tx,
          {
            ...base,
            action: "finding.triaged",
            details: {
              severity: triage.severity,
              priority: triage.priority,
              decision: triage.decision,
              duplicateOf: triage.duplicateOf,
              slaDueAt: triage.slaDueAt,
              exposure: triage.exposure,
              reasons: triage.reasons,
            },
          },
          now,
        );
      }
      return { finding: next, changed: true };
    },
    { lease },
  );
}
