import { describe, expect, it } from "vitest";
import { configProblemsFingerprint } from "../../src/config/config-problems-fingerprint.js";
import type { ConfigProblem } from "../../src/config/validate-config.js";

const file = { owner: "acme", repo: "api", path: ".github/secfix.yml", url: "https://api.github.com/repos/acme/api/contents/.github%2Fsecfix.yml" };
const a: ConfigProblem = { file, line: 3, column: 3, keyPath: "sla.critical", message: "`sla.critical` must be a duration" };
const b: ConfigProblem = { file, line: 5, column: 1, keyPath: "frobnicate", message: "`frobnicate` is not a secfix setting" };

describe("configProblemsFingerprint", () => {
  it("is a sha256 hex digest", () => {
    expect(configProblemsFingerprint([a])).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on the order of problems", () => {
    expect(configProblemsFingerprint([a, b])).toBe(configProblemsFingerprint([b, a]));
  });

  it("changes when anything the user reads changes", () => {
    const base = configProblemsFingerprint([a, b]);
    expect(configProblemsFingerprint([a])).not.toBe(base);
    expect(configProblemsFingerprint([{ ...a, line: 4 }, b])).not.toBe(base);
    expect(configProblemsFingerprint([{ ...a, message: "other" }, b])).not.toBe(base);
    expect(configProblemsFingerprint([{ ...a, file: { ...file, repo: "web" } }, b])).not.toBe(base);
  });

  it("ignores the letter case of owner and repository, which GitHub ignores too", () => {
    expect(configProblemsFingerprint([{ ...a, file: { ...file, owner: "ACME" } }])).toBe(configProblemsFingerprint([a]));
  });
});
