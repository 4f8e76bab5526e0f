import { createHash } from "node:crypto";
import type { AuditEvent } from "../domain/audit-event.js";
import { canonicalJson } from "./canonical-json.js";

/** The hash covers every field but itself, previousHash included: that is what chains the log. */
export function hashAuditEvent(event: Omit<AuditEvent, "hash">): string {
  const body = {
    sequence: event.sequence,
    at: event.at,
    actor: event.actor,
    installationId: event.installationId,
    repository: event.repository,
    subject: event.subject,
    action: event.action,
    details: event.details,
    previousHash: event.previousHash,
  };
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}
