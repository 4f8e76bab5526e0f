import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig } from "../../src/config/config.schema.js";
import { triageFinding } from "../../src/triage/triage-finding.js";
import { codeScanningSnapshot, dependabotSnapshot, findingFrom } from "../factories/finding.js";

describe("triageFinding", () => {
  it("gives a critical runtime dependency P0 and a 24 hour SLA from when GitHub opened the alert", () => {
    const triage = triageFinding(findingFrom(dependabotSnapshot()), defaultConfig(), []);
    expect(triage).toMatchObject({ severity: "critical", priority: "P0", decision: "act", slaDueAt: "2026-11-21T10:00:00.000Z" });
    expect(triage.exposure).toEqual({ scope: "runtime", customerFacing: false, matchedPatterns: [] });
  });

  it("applies the SLA for each severity from the configuration", () => {
    const config = configSchema.parse({ sla: { high: "3d", medium: "12h" } });
    expect(triageFinding(findingFrom(codeScanningSnapshot({ severity: "high" })), config, []).slaDueAt).toBe("2026-11-23T10:00:00.000Z");
    expect(triageFinding(findingFrom(codeScanningSnapshot({ severity: "medium" })), config, []).slaDueAt).toBe("2026-11-20T22:00:00.000Z");
    expect(triageFinding(findingFrom(codeScanningSnapshot({ severity: "low" })), config, []).slaDueAt).toBe("2027-02-18T10:00:00.000Z");
  });

  it("raises priority for customer-facing paths and names the matching glob", () => {
    const config = configSchema.parse({ customer_facing_paths: ["src/api/**"] });
    const triage = triageFinding(findingFrom(codeScanningSnapshot({ severity: "high" })), config, []);
    expect(triage.priority).toBe("P0");
    expect(triage.exposure).toMatchObject({ customerFacing: true, matchedPatterns: ["src/api/**"] });
    expect(triage.reasons.join(" ")).toMatch(/customer-facing path \(src\/api\/\*\*\)/);
  });

  it("lowers priority for test code and development dependencies", () => {
    const inTests = codeScanningSnapshot({ severity: "high", location: { path: "test/fixtures/server.js", startLine: 1, endLine: 2 } });
    expect(triageFinding(findingFrom(inTests), defaultConfig(), []).priority).toBe("P2");
    const dev = dependabotSnapshot({
      severity: "high",
      dependency: { ecosystem: "npm", name: "mocha", manifestPath: "package.json", scope: "development", relationship: "direct" },
    });
    const triage = triageFinding(findingFrom(dev), defaultConfig(), []);
    expect(triage).toMatchObject({ priority: "P2", exposure: { scope: "development" } });
  });

  it("records findings below the severity threshold without acting", () => {
    const config = configSchema.parse({ severity_threshold: "high" });
    const triage = triageFinding(findingFrom(codeScanningSnapshot({ severity: "medium" })), config, []);
    expect(triage.decision).toBe("record_only");
    expect(triage.reasons).toContain("below the severity threshold (high)");
  });

  it("records non-security findings (severity none) only, with no SLA", () => {
    const triage = triageFinding(findingFrom(codeScanningSnapshot({ severity: "none" })), defaultConfig(), []);
    expect(triage).toMatchObject({ decision: "record_only", slaDueAt: null, priority: "P4" });
  });

  it("records alerts from a source that is turned off", () => {
    const config = configSchema.parse({ sources: { dependabot: false } });
    const triage = triageFinding(findingFrom(dependabotSnapshot()), config, []);
    expect(triage.decision).toBe("record_only");
    expect(triage.reasons.at(-1)).toMatch(/dependabot alerts are turned off/);
  });

  it("marks a second scanner's report of the same weakness at the same lines as a duplicate of the older one", () => {
    const original = findingFrom(codeScanningSnapshot({ alertNumber: 1, createdAt: "2026-11-19T00:00:00Z" }));
    const semgrep = findingFrom(
      codeScanningSnapshot({ alertNumber: 2, tool: "Semgrep", ruleId: "javascript.express.sql-injection", location: { path: "src/api/users.js", startLine: 11, endLine: 13 } }),
    );
    const triage = triageFinding(semgrep, defaultConfig(), [original]);
    expect(triage).toMatchObject({ decision: "duplicate", duplicateOf: original.id });
    // And never the other way round: the older report stays the one acted on.
    expect(triageFinding(original, defaultConfig(), [semgrep]).decision).toBe("act");
  });

  it("does not call findings at different lines or of different weaknesses duplicates", () => {
    const original = findingFrom(codeScanningSnapshot({ alertNumber: 1, createdAt: "2026-11-19T00:00:00Z" }));
    const elsewhere = findingFrom(codeScanningSnapshot({ alertNumber: 2, location: { path: "src/api/users.js", startLine: 40, endLine: 41 } }));
    const otherWeakness = findingFrom(codeScanningSnapshot({ alertNumber: 3, ruleId: "js/xss", cwes: ["CWE-79"] }));
    expect(triageFinding(elsewhere, defaultConfig(), [original]).decision).toBe("act");
    expect(triageFinding(otherWeakness, defaultConfig(), [original]).decision).toBe("act");
  });

  it("records resolved alerts without acting on them", () => {
    const triage = triageFinding(findingFrom(dependabotSnapshot({ state: "fixed" })), defaultConfig(), []);
    expect(triage.decision).toBe("record_only");
    expect(triage.reasons).toContain("alert is fixed");
  });
});
