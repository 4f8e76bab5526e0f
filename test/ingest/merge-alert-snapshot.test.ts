import { describe, expect, it } from "vitest";
import { mergeAlertSnapshot } from "../../src/ingest/merge-alert-snapshot.js";
import { dependabotSnapshot, findingFrom } from "../factories/finding.js";

const REPOSITORY = { id: 186853002, fullName: "Codertocat/Hello-World", defaultBranch: "main" };
const CONTEXT = { installationId: 14662836, repository: REPOSITORY, now: "2026-11-21T12:00:00.000Z", synced: true };

describe("mergeAlertSnapshot", () => {
  it("records the time to resolution when GitHub fixes the alert", () => {
    const open = findingFrom(dependabotSnapshot());
    const { finding, lifecycle } = mergeAlertSnapshot(open, dependabotSnapshot({ state: "fixed", resolvedAt: "2026-11-21T04:00:00Z" }), CONTEXT);
    expect(lifecycle).toBe("resolved");
    expect(finding).toMatchObject({ resolvedAt: "2026-11-21T04:00:00Z", timeToResolutionMs: 18 * 3_600_000 });
  });

  it("carries the SLA record over, so the escalation issue is found again", () => {
    const sla = { dueAt: "2026-11-21T10:00:00.000Z", notified: [50], atRiskPulls: [7], escalation: { issueNumber: 42, url: "https://github.com/o/r/issues/42" } };
    const { finding } = mergeAlertSnapshot(findingFrom(dependabotSnapshot(), { sla }), dependabotSnapshot({ updatedAt: "2026-11-21T00:00:00Z" }), CONTEXT);
    expect(finding.sla).toEqual(sla);
  });

  it("gives a finding seen for the first time no SLA record", () => {
    const { finding } = mergeAlertSnapshot(null, dependabotSnapshot(), CONTEXT);
    expect(finding).not.toHaveProperty("sla");
  });
});
