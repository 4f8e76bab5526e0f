import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.schema.js";
import type { Finding } from "../../src/domain/finding.js";
import { armSla, slaClockDueAt } from "../../src/triage/arm-sla.js";
import { triageFinding } from "../../src/triage/triage-finding.js";
import { dependabotSnapshot, findingFrom } from "../factories/finding.js";

const DUE = "2026-11-21T10:00:00.000Z"; // critical: 24 hours after 2026-11-20T10:00Z

function triaged(overrides: Partial<Finding> = {}, alert = dependabotSnapshot()): Finding {
  const finding = findingFrom(alert, overrides);
  return { ...finding, triage: triageFinding(finding, defaultConfig(), []) };
}

describe("slaClockDueAt", () => {
  it("runs the clock for an open finding secfix acts on", () => {
    expect(slaClockDueAt(triaged())).toBe(DUE);
  });

  it("stops it for a resolved, untriaged or record-only finding", () => {
    expect(slaClockDueAt(triaged({}, dependabotSnapshot({ state: "fixed" })))).toBeNull();
    expect(slaClockDueAt(findingFrom(dependabotSnapshot()))).toBeNull();
    const recordOnly = triaged();
    expect(slaClockDueAt({ ...recordOnly, triage: { ...recordOnly.triage!, decision: "record_only" } })).toBeNull();
  });
});

describe("armSla", () => {
  it("arms a finding seen for the first time", () => {
    expect(armSla(triaged())).toEqual({ sla: { dueAt: DUE, notified: [], atRiskPulls: [], escalation: null }, armed: true });
  });

  it("arms nothing again for the same due time, and keeps what was already said", () => {
    const sla = { dueAt: DUE, notified: [50], atRiskPulls: [7], escalation: null };
    expect(armSla(triaged({ sla }))).toEqual({ sla, armed: false });
  });

  it("arms a new due time afresh, keeping where the escalation lives", () => {
    const escalation = { issueNumber: 42, url: "https://github.com/o/r/issues/42" };
    const { sla, armed } = armSla(triaged({ sla: { dueAt: "2026-11-27T10:00:00.000Z", notified: [50, 75, 100], atRiskPulls: [7], escalation } }));
    expect(armed).toBe(true);
    expect(sla).toEqual({ dueAt: DUE, notified: [], atRiskPulls: [7], escalation });
  });

  it("disarms a finding that resolved, so it is armed again if the alert comes back", () => {
    const escalation = { issueNumber: 42, url: "https://github.com/o/r/issues/42" };
    const resolved = triaged({ sla: { dueAt: DUE, notified: [100], atRiskPulls: [], escalation } }, dependabotSnapshot({ state: "fixed" }));
    expect(armSla(resolved)).toEqual({ sla: { dueAt: null, notified: [], atRiskPulls: [], escalation }, armed: false });
    const reopened = triaged({ sla: armSla(resolved).sla! });
    expect(armSla(reopened)).toMatchObject({ sla: { dueAt: DUE, notified: [], escalation }, armed: true });
  });

  it("keeps no record for a finding the clock never ran for", () => {
    expect(armSla(triaged({}, dependabotSnapshot({ state: "dismissed" })))).toEqual({ sla: undefined, armed: false });
  });
});
