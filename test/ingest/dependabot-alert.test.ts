import { describe, expect, it } from "vitest";
import { dependabotAlertToSnapshot } from "../../src/ingest/dependabot-alert.js";
import { MalformedAlertError } from "../../src/ingest/malformed-alert-error.js";
import { exampleWebhook, exampleWebhooks } from "../helpers/webhook-examples.js";

describe("dependabotAlertToSnapshot", () => {
  it("reads every Dependabot example payload GitHub publishes", () => {
    for (const payload of exampleWebhooks("dependabot_alert")) {
      const snapshot = dependabotAlertToSnapshot(payload.alert);
      expect(snapshot.alertNumber).toBe(payload.alert.number);
      expect(snapshot.dependency?.name).toBe(payload.alert.dependency.package?.name);
    }
  });

  it("carries the advisory, the vulnerable range and the first patched version", () => {
    const { alert } = exampleWebhook("dependabot_alert", "created");
    const snapshot = dependabotAlertToSnapshot(alert);
    expect(snapshot.advisory).toMatchObject({
      ghsaId: alert.security_advisory.ghsa_id,
      cveId: alert.security_advisory.cve_id,
      severity: alert.security_advisory.severity,
      vulnerableRange: alert.security_vulnerability.vulnerable_version_range,
      firstPatchedVersion: alert.security_vulnerability.first_patched_version?.identifier ?? null,
    });
    expect(snapshot.ruleId).toBe(alert.security_advisory.ghsa_id);
  });

  it("keeps a missing patched version as null: no fix exists yet", () => {
    const { alert } = exampleWebhook("dependabot_alert", "created");
    const snapshot = dependabotAlertToSnapshot({ ...alert, security_vulnerability: { ...alert.security_vulnerability, first_patched_version: null } });
    expect(snapshot.advisory?.firstPatchedVersion).toBeNull();
  });

  it("falls back to CVSS when the advisory has no severity, and reads scope and relationship", () => {
    const { alert } = exampleWebhook("dependabot_alert", "created");
    const snapshot = dependabotAlertToSnapshot({
      ...alert,
      dependency: { ...alert.dependency, scope: "development", relationship: "transitive" },
      security_advisory: { ...alert.security_advisory, severity: "unknown", cvss: { score: 9.8, vector_string: null } },
      security_vulnerability: { ...alert.security_vulnerability, severity: "unknown" },
    });
    expect(snapshot.severity).toBe("critical");
    expect(snapshot.dependency).toMatchObject({ scope: "development", relationship: "transitive" });
  });

  it("treats auto-dismissed as dismissed and says who closed it", () => {
    const { alert } = exampleWebhook("dependabot_alert", "created");
    const snapshot = dependabotAlertToSnapshot({ ...alert, state: "auto_dismissed", auto_dismissed_at: "2026-11-01T00:00:00Z" });
    expect(snapshot).toMatchObject({ state: "dismissed", resolutionReason: "auto_dismissed", resolvedAt: "2026-11-01T00:00:00Z" });
  });

  it("refuses an alert without its dependency", () => {
    const { alert } = exampleWebhook("dependabot_alert", "created");
    expect(() => dependabotAlertToSnapshot({ ...alert, dependency: undefined })).toThrow(MalformedAlertError);
  });
});
