import { describe, expect, it } from "vitest";
import { durationStats } from "../../src/report/duration-stats.js";

describe("durationStats", () => {
  it("takes the middle value of an odd count and the nearest-rank p90", () => {
    // 11 values: median is the 6th; p90 rank ceil(9.9) = 10.
    expect(durationStats([110, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({ n: 11, medianMs: 60, p90Ms: 100 });
  });

  it("averages the two middle values of an even count", () => {
    // 1..20: median (10 + 11) / 2; p90 rank ceil(18) = 18.
    expect(durationStats(Array.from({ length: 20 }, (_, index) => index + 1))).toEqual({ n: 20, medianMs: 10.5, p90Ms: 18 });
  });

  it("gives the one value for both with a single sample, and nulls with none", () => {
    expect(durationStats([7])).toEqual({ n: 1, medianMs: 7, p90Ms: 7 });
    expect(durationStats([])).toEqual({ n: 0, medianMs: null, p90Ms: null });
  });
});
