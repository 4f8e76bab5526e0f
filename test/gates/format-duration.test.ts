import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/gates/format-duration.js";

describe("formatDuration", () => {
  it("says timeouts the way people do", () => {
    expect(formatDuration(45_000)).toBe("45 seconds");
    expect(formatDuration(60_000)).toBe("1 minute");
    expect(formatDuration(30 * 60_000)).toBe("30 minutes");
    expect(formatDuration(60 * 60_000)).toBe("1 hour");
    expect(formatDuration(90 * 60_000)).toBe("1 hour 30 minutes");
    expect(formatDuration(6 * 60 * 60_000)).toBe("6 hours");
  });

  it("does not print nonsense for zero, negative or infinite input", () => {
    expect(formatDuration(0)).toBe("0 seconds");
    expect(formatDuration(-5_000)).toBe("0 seconds");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0 seconds");
  });
});
