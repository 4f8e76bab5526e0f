import { describe, expect, it } from "vitest";
import { IllegalTransitionError, transitionFixAttempt } from "../../src/domain/fix-attempt.js";

describe("transitionFixAttempt", () => {
  it("walks the happy path from planned to resolved", () => {
    let state = transitionFixAttempt("planned", { type: "patch_started" });
    state = transitionFixAttempt(state, { type: "patch_ready" });
    state = transitionFixAttempt(state, { type: "gates_started" });
    state = transitionFixAttempt(state, { type: "gates_passed", needsApproval: true });
    expect(state).toBe("awaiting_approval");
    state = transitionFixAttempt(state, { type: "approved", by: "octocat" });
    state = transitionFixAttempt(state, { type: "merged" });
    state = transitionFixAttempt(state, { type: "deployed" });
    expect(state).toBe("resolved");
  });

  it("skips approval when the gates say none is needed", () => {
    expect(transitionFixAttempt("gating", { type: "gates_passed", needsApproval: false })).toBe("merging");
  });

  it("rolls back a failed deployment and lets a retry start over after a gate failure", () => {
    expect(transitionFixAttempt("deploying", { type: "deploy_failed", reason: "canary 5xx" })).toBe("rolled_back");
    expect(transitionFixAttempt("gate_failed", { type: "retry_requested", by: "octocat" })).toBe("planned");
    for (const from of ["proposed", "gating", "awaiting_approval", "no_fix"] as const) {
      expect(transitionFixAttempt(from, { type: "retry_requested", by: "octocat" })).toBe("planned");
    }
    for (const from of ["merging", "deploying", "resolved", "dismissed"] as const) {
      expect(() => transitionFixAttempt(from, { type: "retry_requested", by: "octocat" })).toThrow(IllegalTransitionError);
    }
  });

  it("rolls back a merged fix on request, while deploying or after it resolved, but nothing that never merged", () => {
    expect(transitionFixAttempt("deploying", { type: "rollback_opened", by: "octocat" })).toBe("rolled_back");
    expect(transitionFixAttempt("resolved", { type: "rollback_opened", by: "octocat" })).toBe("rolled_back");
    for (const from of ["proposed", "gating", "awaiting_approval", "dismissed"] as const) {
      expect(() => transitionFixAttempt(from, { type: "rollback_opened", by: "octocat" })).toThrow(IllegalTransitionError);
    }
  });

  it("ends any open attempt when the alert is resolved elsewhere, but leaves finished ones alone", () => {
    expect(transitionFixAttempt("gating", { type: "alert_resolved" })).toBe("resolved");
    expect(() => transitionFixAttempt("rolled_back", { type: "alert_resolved" })).toThrow(IllegalTransitionError);
  });

  it("gates a new head afresh from any open state, and a revoked approval sends a ready fix back to waiting", () => {
    for (const from of ["proposed", "gating", "awaiting_approval", "merging", "gate_failed"] as const) {
      expect(transitionFixAttempt(from, { type: "gates_started" })).toBe("gating");
    }
    expect(transitionFixAttempt("merging", { type: "approval_revoked", reason: "review dismissed" })).toBe("awaiting_approval");
    expect(() => transitionFixAttempt("deploying", { type: "gates_started" })).toThrow(IllegalTransitionError);
  });

  it("refuses a move the table does not allow, naming state and event", () => {
    expect(() => transitionFixAttempt("planned", { type: "merged" })).toThrow('a fix attempt in state "planned" cannot take event "merged"');
  });
});
