import { parseArgs } from "node:util";
import { verifyAuditChain } from "../audit/verify-audit-chain.js";
import type { AuditEvent } from "../domain/audit-event.js";
import type { Store } from "../store/store.js";
import { UsageError, type CliIo } from "./cli-io.js";

export const AUDIT_HELP = `Usage: secfix audit <verify|export> [options]

  verify                 Recomputes every event's hash and link. Exit 0 when the chain is
                         intact; exit 1 naming the first event that was altered or is missing.
  export [--since TIME]  Writes events as JSON lines (one event per line) to standard output,
                         from TIME on (ISO 8601, e.g. 2026-11-01T00:00:00Z).
`;

const BATCH = 1000;

/** Reads the log in sequence order, a batch at a time, so a long log never sits in memory whole. */
async function* auditEvents(store: Store, since?: string): AsyncGenerator<AuditEvent> {
  let afterSequence = 0;
  for (;;) {
    const batch = await store.read((reader) =>
      reader.listAuditEvents({ afterSequence, limit: BATCH, ...(since !== undefined && { since }) }),
    );
    yield* batch;
    if (batch.length < BATCH) return;
    afterSequence = batch[batch.length - 1]!.sequence;
  }
}

export async function auditCommand(args: string[], store: Store, io: CliIo): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    io.out(AUDIT_HELP);
    return verb === undefined ? 2 : 0;
  }
  if (verb === "verify") {
    parseArgs({ args: rest, options: {}, strict: true });
    const verdict = await verifyAuditChain(auditEvents(store));
    if (verdict.ok) {
      io.out(`audit log intact: ${verdict.checked} events, last hash ${verdict.lastHash}\n`);
      return 0;
    }
    const broken = verdict.firstBreak!;
    io.err(`audit log broken at event ${broken.sequence}: ${broken.reason} (${verdict.checked} events before it are intact)\n`);
    return 1;
  }
  if (verb === "export") {
    const { values } = parseArgs({ args: rest, options: { since: { type: "string" } }, strict: true });
    if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
      throw new UsageError(`--since takes an ISO 8601 time like 2026-11-01T00:00:00Z, got "${values.since}"`);
    }
    const since = values.since === undefined ? undefined : new Date(values.since).toISOString();
    for await (const event of auditEvents(store, since)) io.out(JSON.stringify(event) + "\n");
    return 0;
  }
  throw new UsageError(`unknown audit command "${verb}"; use verify or export`);
}
