import { appendAuditEvent } from "../audit/append-audit-event.js";
import type { RepositoryRef } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import type { Store, StoreTx } from "../store/store.js";
import type { AuditNote } from "./publish-fix.js";

export type RecordFixAttempt = (attempt: FixAttempt, events: AuditNote[], also?: (tx: StoreTx) => Promise<void>) => Promise<void>;

/**
 * Saves a fix attempt with the audit events that explain the change, in one transaction fenced
 * by the job's lease: a worker that lost its job cannot write, and no state change goes unrecorded.
 */
export function fixAttemptRecorder(
  store: Store,
  context: { installationId: number; repository: RepositoryRef; lease: JobLease; now: () => string },
): RecordFixAttempt {
  return (attempt, events, also) =>
    store.transaction(
      async (tx) => {
        await tx.saveFixAttempt({ ...attempt, updatedAt: context.now() });
        if (also) await also(tx);
        for (const event of events) {
          await appendAuditEvent(
            tx,
            {
              actor: { type: "secfix", login: "secfix" },
              installationId: context.installationId,
              repository: context.repository.fullName,
              subject: `fix:${attempt.id}`,
              ...event,
            },
            context.now(),
          );
        }
      },
      { lease: context.lease },
    );
}
