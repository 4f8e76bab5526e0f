import { describe, expect, it } from "vitest";
import { DISMISS_REASONS, DISMISS_REASON_DESCRIPTIONS, gitHubDismissReason } from "../../src/commands/dismiss-reasons.js";

describe("gitHubDismissReason", () => {
  it("maps every reason to one of code scanning's three", () => {
    expect(Object.fromEntries(DISMISS_REASONS.map((reason) => [reason, gitHubDismissReason("code_scanning", reason)]))).toEqual({
      "false-positive": "false positive",
      "wont-fix": "won't fix",
      "used-in-tests": "used in tests",
      "not-used": "won't fix",
      "tolerable-risk": "won't fix",
      "no-bandwidth": "won't fix",
    });
  });

  it("maps every reason to one of Dependabot's", () => {
    expect(Object.fromEntries(DISMISS_REASONS.map((reason) => [reason, gitHubDismissReason("dependabot", reason)]))).toEqual({
      "false-positive": "inaccurate",
      "wont-fix": "tolerable_risk",
      "used-in-tests": "tolerable_risk",
      "not-used": "not_used",
      "tolerable-risk": "tolerable_risk",
      "no-bandwidth": "no_bandwidth",
    });
  });

  it("only ever produces values GitHub accepts for the source", () => {
    const codeScanning = new Set(["false positive", "won't fix", "used in tests"]);
    const dependabot = new Set(["fix_started", "inaccurate", "no_bandwidth", "not_used", "tolerable_risk"]);
    for (const reason of DISMISS_REASONS) {
      expect(codeScanning.has(gitHubDismissReason("code_scanning", reason)), reason).toBe(true);
      expect(dependabot.has(gitHubDismissReason("dependabot", reason)), reason).toBe(true);
    }
  });
});

describe("DISMISS_REASON_DESCRIPTIONS", () => {
  it("describes every reason in one line", () => {
    expect(Object.keys(DISMISS_REASON_DESCRIPTIONS).sort()).toEqual([...DISMISS_REASONS].sort());
    for (const reason of DISMISS_REASONS) expect(DISMISS_REASON_DESCRIPTIONS[reason]).toMatch(/^[^\n]{10,}$/);
  });
});
