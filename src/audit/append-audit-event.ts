import { GENESIS_HASH, type AuditEvent, type AuditEventInput } from "../domain/audit-event.js";
import type { StoreTx } from "../store/store.js";
import { hashAuditEvent } from "./hash-audit-event.js";
import { redactSecrets } from "./redact-secrets.js";

/**
 * Appends one event to the chain inside the caller's transaction, so the event and the state
 * change it records commit together or not at all.
 */
export async function appendAuditEvent(tx: StoreTx, input: AuditEventInput, at: string): Promise<AuditEvent> {
  const last = await tx.lastAuditEvent();
  const safe = redactSecrets(input);
  const unsigned: Omit<AuditEvent, "hash"> = {
    sequence: (last?.sequence ?? 0) + 1,
    at,
    actor: safe.actor,
    installationId: safe.installationId,
    repository: safe.repository,
    subject: safe.subject,
    action: safe.action,
    // A JSON round trip drops undefined members and class instances now, so the stored
    // details are exactly what was hashed.
    details: JSON.parse(JSON.stringify(safe.details)) as Record<string, unknown>,
    previousHash: last?.hash ?? GENESIS_HASH,
  };
  const event: AuditEvent = { ...unsigned, hash: hashAuditEvent(unsigned) };
  await tx.insertAuditEvent(event);
  return event;
}
