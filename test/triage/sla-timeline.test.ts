import { describe, expect, it } from "vitest";
import { slaElapsedPercent, slaMarks, slaStage } from "../../src/triage/sla-timeline.js";

const OPENED = "2026-11-25T12:00:00.000Z";
const DUE = "2026-11-26T12:00:00.000Z"; // a 24-hour SLA

describe("slaMarks", () => {
  it("puts the timers at half, three quarters and the end of the SLA", () => {
    expect(slaMarks(OPENED, DUE)).toEqual([
      { threshold: 50, at: "2026-11-26T00:00:00.000Z" },
      { threshold: 75, at: "2026-11-26T06:00:00.000Z" },
      { threshold: 100, at: DUE },
    ]);
  });

  it("rounds a mark down to the millisecond, never after the stage began", () => {
    const marks = slaMarks("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.003Z");
    expect(marks.map((mark) => mark.at)).toEqual(["2026-01-01T00:00:00.001Z", "2026-01-01T00:00:00.002Z", "2026-01-01T00:00:00.003Z"]);
  });

  it("refuses times it cannot read", () => {
    expect(() => slaMarks("yesterday", DUE)).toThrow(/not an SLA span/);
  });
});

describe("slaStage", () => {
  it("is nothing before half the SLA, then the highest threshold reached", () => {
    expect(slaStage(OPENED, DUE, "2026-11-25T23:59:59.999Z")).toBeNull();
    expect(slaStage(OPENED, DUE, "2026-11-26T00:00:00.000Z")).toBe(50);
    expect(slaStage(OPENED, DUE, "2026-11-26T05:59:59.999Z")).toBe(50);
    expect(slaStage(OPENED, DUE, "2026-11-26T06:00:00.000Z")).toBe(75);
    expect(slaStage(OPENED, DUE, "2026-11-26T11:59:59.999Z")).toBe(75);
    expect(slaStage(OPENED, DUE, DUE)).toBe(100);
  });

  it("is breached for an old alert seen for the first time (a backfill)", () => {
    expect(slaStage("2023-06-24T13:57:12Z", "2023-07-24T13:57:12.000Z", "2026-11-25T12:00:00.000Z")).toBe(100);
  });
});

describe("slaElapsedPercent", () => {
  it("says how much of the SLA is gone, past 100 once breached", () => {
    expect(slaElapsedPercent(OPENED, DUE, OPENED)).toBe(0);
    expect(slaElapsedPercent(OPENED, DUE, "2026-11-26T06:00:00.000Z")).toBe(75);
    expect(slaElapsedPercent(OPENED, DUE, "2026-11-27T12:00:00.000Z")).toBe(200);
    expect(slaElapsedPercent(OPENED, OPENED, DUE)).toBe(100);
  });
});
