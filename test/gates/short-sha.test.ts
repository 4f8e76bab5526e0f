import { describe, expect, it } from "vitest";
import { shortSha } from "../../src/gates/short-sha.js";

describe("shortSha", () => {
  it("keeps the first twelve hex digits and leaves short text alone", () => {
    expect(shortSha("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")).toBe("9f86d081884c");
    expect(shortSha("abc")).toBe("abc");
  });
});
