import { GENESIS_HASH, type AuditEvent } from "../domain/audit-event.js";
import { hashAuditEvent } from "./hash-audit-event.js";

export interface ChainBreak {
  sequence: number;
  reason: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  lastHash: string;
  firstBreak: ChainBreak | null;
}

/**
 * Walks the log in sequence order and names the first event that does not fit: a gap in the
 * sequence, a previousHash that is not its predecessor's hash, or a hash that does not match
 * the event's own content (an altered row).
 */
export async function verifyAuditChain(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>): Promise<ChainVerdict> {
  let expectedSequence = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for await (const event of events) {
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      checked,
      lastHash: previousHash,
      firstBreak: { sequence: event.sequence, reason },
    });
    if (event.sequence !== expectedSequence) {
      return fail(`expected event ${expectedSequence} but found ${event.sequence}: events are missing`);
    }
    if (event.previousHash !== previousHash) {
      return fail("its previous hash does not match the hash of the event before it");
    }
    const { hash, ...unsigned } = event;
    if (hashAuditEvent(unsigned) !== hash) {
      return fail("its content does not match its hash: the event was altered after it was written");
    }
    previousHash = hash;
    expectedSequence += 1;
    checked += 1;
  }
  return { ok: true, checked, lastHash: previousHash, firstBreak: null };
}
