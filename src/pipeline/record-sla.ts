import { appendAuditEvent } from "../audit/append-audit-event.js";
import type { Finding, FindingSla } from "../domain/finding.js";
import type { JobLease } from "../domain/job.js";
import type { Store, StoreTx } from "../store/store.js";
import type { AuditNote } from "./publish-fix.js";

const EMPTY: FindingSla = { dueAt: null, notified: [], atRiskPulls: [], escalation: null };

/**
 * Saves what an SLA pass did on GitHub into the finding as it is now (a sync may have saved it
 * meanwhile), with the audit events that say so, in one transaction fenced by the job's lease.
 */
export async function recordSla(
  store: Store,
  input: {
    finding: Finding;
    lease: JobLease;
    now: string;
    change: (sla: FindingSla) => FindingSla;
    events: AuditNote[];
    /** More writes for the same transaction, given the finding as saved. */
    also?: (tx: StoreTx, saved: Finding) => Promise<void>;
  },
): Promise<void> {
  const { finding } = input;
  await store.transaction(
    async (tx) => {
      const current = (await tx.getFinding(finding.id)) ?? finding;
      const sla = input.change(current.sla ?? EMPTY);
      await tx.saveFinding({ ...current, sla });
      if (input.also) await input.also(tx, { ...current, sla });
      for (const event of input.events) {
        await appendAuditEvent(
          tx,
          {
            actor: { type: "secfix", login: "secfix" },
            installationId: current.installationId,
            repository: current.repository.fullName,
            subject: `finding:${current.id}`,
            ...event,
          },
          input.now,
        );
      }
    },
    { lease: input.lease },
  );
}
