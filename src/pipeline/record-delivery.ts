import { appendAuditEvent } from "../audit/append-audit-event.js";
import type { AuditEventInput } from "../domain/audit-event.js";
import type { JobInput } from "../domain/job.js";
import type { DeliveryRecord, Store } from "../store/store.js";

/**
 * The whole of a webhook request's work for events that only start jobs: remember the delivery,
 * queue the jobs, record why, in one transaction. Returns false for a delivery already seen.
 */
export async function recordDelivery(
  store: Store,
  delivery: DeliveryRecord,
  jobs: JobInput[],
  audit: AuditEventInput | null,
): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.recordDelivery(delivery))) return false;
    for (const job of jobs) await tx.enqueueJob(job, delivery.receivedAt);
    if (audit) await appendAuditEvent(tx, audit, delivery.receivedAt);
    return true;
  });
}
