import { describe, expect, it } from "vitest";
import { findingForEscalationIssue } from "../../src/triage/finding-for-escalation-issue.js";
import { codeScanningSnapshot, dependabotSnapshot, findingFrom } from "../factories/finding.js";

describe("findingForEscalationIssue", () => {
  it("finds the finding whose escalation lives in the issue, and nothing for other issues", () => {
    const escalated = findingFrom(dependabotSnapshot(), {
      sla: { dueAt: null, notified: [], atRiskPulls: [], escalation: { issueNumber: 42, url: "https://github.com/o/r/issues/42" } },
    });
    const quiet = findingFrom(codeScanningSnapshot());
    expect(findingForEscalationIssue([quiet, escalated], 42)?.id).toBe(escalated.id);
    expect(findingForEscalationIssue([quiet, escalated], 7)).toBeNull();
  });
});
