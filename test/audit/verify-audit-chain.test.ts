import { describe, expect, it } from "vitest";
import { GENESIS_HASH, type AuditEvent } from "../../src/domain/audit-event.js";
import { hashAuditEvent } from "../../src/audit/hash-audit-event.js";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.js";
import { canonicalJson } from "../../src/audit/canonical-json.js";

function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= length; sequence++) {
    const unsigned = {
      sequence,
      at: `2026-11-25T10:00:0${sequence}.000Z`,
      actor: { type: "secfix" as const, login: "secfix" },
      installationId: 1,
      repository: "octo/repo",
      subject: `finding:${sequence}`,
      action: "finding.triaged",
      details: { severity: "high", n: sequence },
      previousHash,
    };
    const event = { ...unsigned, hash: hashAuditEvent(unsigned) };
    events.push(event);
    previousHash = event.hash;
  }
  return events;
}

describe("verifyAuditChain", () => {
  it("accepts an intact chain and reports how many events it checked", async () => {
    const verdict = await verifyAuditChain(chain(5));
    expect(verdict).toMatchObject({ ok: true, checked: 5, firstBreak: null });
  });

  it("names the first altered event", async () => {
    const events = chain(5);
    events[2] = { ...events[2]!, details: { severity: "low", n: 3 } };
    const verdict = await verifyAuditChain(events);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBreak?.sequence).toBe(3);
    expect(verdict.firstBreak?.reason).toMatch(/altered/);
  });

  it("names a removed event as a gap", async () => {
    const events = chain(4);
    events.splice(1, 1);
    const verdict = await verifyAuditChain(events);
    expect(verdict.firstBreak).toMatchObject({ sequence: 3 });
    expect(verdict.firstBreak?.reason).toMatch(/expected event 2/);
  });

  it("catches an event rehashed after alteration by the broken link to its successor", async () => {
    const events = chain(3);
    const { hash: _old, ...unsigned } = { ...events[1]!, action: "finding.dismissed" };
    events[1] = { ...unsigned, hash: hashAuditEvent(unsigned) };
    const verdict = await verifyAuditChain(events);
    expect(verdict.firstBreak).toMatchObject({ sequence: 3 });
    expect(verdict.firstBreak?.reason).toMatch(/previous hash/);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/no JSON form/);
  });
});
