import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.schema.js";
import type { Finding, FindingSla } from "../../src/domain/finding.js";
import { slaTimerDue } from "../../src/triage/sla-timer-due.js";
import { triageFinding } from "../../src/triage/triage-finding.js";
import { dependabotSnapshot, findingFrom } from "../factories/finding.js";

// Critical, opened 2026-11-20T10:00Z: half at 22:00, three quarters at 04:00 the next day, due at 10:00.
const DUE = "2026-11-21T10:00:00.000Z";

function finding(sla: Partial<FindingSla> = {}, alert = dependabotSnapshot()): Finding {
  const base = findingFrom(alert);
  return { ...base, triage: triageFinding(base, defaultConfig(), []), sla: { dueAt: DUE, notified: [], atRiskPulls: [], escalation: null, ...sla } };
}

describe("slaTimerDue", () => {
  it("lets a timer act at its own stage", () => {
    expect(slaTimerDue(finding(), { threshold: 50, dueAt: DUE }, "2026-11-20T22:00:00.000Z")).toBe(true);
    expect(slaTimerDue(finding(), { threshold: 100, dueAt: DUE }, "2026-11-21T10:00:00.000Z")).toBe(true);
  });

  it("silences a timer that fires after a later stage began", () => {
    expect(slaTimerDue(finding(), { threshold: 50, dueAt: DUE }, "2026-11-21T04:00:00.000Z")).toBe(false);
    expect(slaTimerDue(finding(), { threshold: 75, dueAt: DUE }, "2026-11-22T00:00:00.000Z")).toBe(false);
  });

  it("silences a threshold already acted on", () => {
    expect(slaTimerDue(finding({ notified: [100] }), { threshold: 100, dueAt: DUE }, "2026-11-22T00:00:00.000Z")).toBe(false);
  });

  it("silences timers of a resolved finding or of another due time", () => {
    expect(slaTimerDue(finding({}, dependabotSnapshot({ state: "fixed" })), { threshold: 100, dueAt: DUE }, "2026-11-22T00:00:00.000Z")).toBe(false);
    expect(slaTimerDue(finding(), { threshold: 100, dueAt: "2026-11-27T10:00:00.000Z" }, "2026-11-28T00:00:00.000Z")).toBe(false);
    expect(slaTimerDue(finding({ dueAt: "2026-11-27T10:00:00.000Z" }), { threshold: 100, dueAt: DUE }, "2026-11-22T00:00:00.000Z")).toBe(false);
  });
});
