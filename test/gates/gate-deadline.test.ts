import { describe, expect, it } from "vitest";
import { gateDeadline } from "../../src/gates/gate-deadline.js";

describe("gateDeadline", () => {
  it("expires exactly when the timeout has passed", () => {
    expect(gateDeadline("2025-03-01T10:00:00Z", "2025-03-01T10:29:59Z", 30 * 60_000)).toEqual({ expired: false, duration: "30 minutes" });
    expect(gateDeadline("2025-03-01T10:00:00Z", "2025-03-01T10:30:00Z", 30 * 60_000).expired).toBe(true);
  });

  it("compares instants, not text, across time zones", () => {
    expect(gateDeadline("2025-03-01T11:00:00+01:00", "2025-03-01T10:10:00Z", 15 * 60_000).expired).toBe(false);
  });

  it("treats an unreadable timestamp as expired so no gate waits forever", () => {
    expect(gateDeadline("yesterday", "2025-03-01T10:00:00Z", 60_000).expired).toBe(true);
    expect(gateDeadline("2025-03-01T10:00:00Z", "", 60_000).expired).toBe(true);
  });
});
