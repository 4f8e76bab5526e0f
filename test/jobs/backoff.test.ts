import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/jobs/backoff.js";

describe("retryDelayMs", () => {
  it("doubles from the base with each attempt", () => {
    const options = { baseMs: 1_000, capMs: 1_000_000, jitter: "none" as const };

    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, options))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("never waits longer than the cap, even after very many attempts", () => {
    const options = { baseMs: 1_000, capMs: 60_000, jitter: "none" as const };

    expect(retryDelayMs(7, options)).toBe(60_000);
    expect(retryDelayMs(10_000, options)).toBe(60_000);
    expect(retryDelayMs(10_000, { ...options, jitter: "full", random: () => 0 })).toBe(0);
  });

  it("spreads full jitter over [0, delay)", () => {
    const options = { baseMs: 1_000, capMs: 60_000, jitter: "full" as const };

    expect(retryDelayMs(3, { ...options, random: () => 0 })).toBe(0);
    expect(retryDelayMs(3, { ...options, random: () => 0.5 })).toBe(2_000);
    expect(retryDelayMs(3, { ...options, random: () => 0.999 })).toBe(3_996);
  });

  it("keeps partial jitter within [delay/2, delay), and uses it by default", () => {
    const options = { baseMs: 1_000, capMs: 60_000 };

    expect(retryDelayMs(3, { ...options, random: () => 0 })).toBe(2_000);
    expect(retryDelayMs(3, { ...options, random: () => 0.5 })).toBe(3_000);
    expect(retryDelayMs(3, { ...options, random: () => 0.999 })).toBe(3_998);
  });

  it("treats attempts below 1 as the first, and tolerates a random function out of range", () => {
    const options = { baseMs: 1_000, capMs: 60_000, jitter: "full" as const };

    expect(retryDelayMs(0, { ...options, random: () => 0.5 })).toBe(500);
    expect(retryDelayMs(-3, { ...options, random: () => 0.5 })).toBe(500);
    expect(retryDelayMs(1, { ...options, random: () => 7 })).toBe(1_000);
    expect(retryDelayMs(1, { ...options, random: () => -1 })).toBe(0);
  });
});
