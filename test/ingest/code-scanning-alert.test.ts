import { describe, expect, it } from "vitest";
import { codeScanningAlertToSnapshot } from "../../src/ingest/code-scanning-alert.js";
import { MalformedAlertError } from "../../src/ingest/malformed-alert-error.js";
import { exampleWebhook, exampleWebhooks } from "../helpers/webhook-examples.js";

describe("codeScanningAlertToSnapshot", () => {
  it("reads every code scanning example payload GitHub publishes", () => {
    for (const payload of exampleWebhooks("code_scanning_alert")) {
      const snapshot = codeScanningAlertToSnapshot(payload.alert, { fromApi: false });
      expect(snapshot.alertNumber).toBe(payload.alert.number);
      expect(snapshot.ruleId).toBe(payload.alert.rule.id);
    }
  });

  it("leaves severity undecided for a webhook, which carries no security severity", () => {
    const snapshot = codeScanningAlertToSnapshot(exampleWebhook("code_scanning_alert", "created").alert, { fromApi: false });
    expect(snapshot).toMatchObject({ source: "code_scanning", state: "open", severity: null, resolvedAt: null });
  });

  it("takes the security severity and CWE tags from the API answer", () => {
    const alert = exampleWebhook("code_scanning_alert", "created").alert;
    const snapshot = codeScanningAlertToSnapshot(
      { ...alert, rule: { ...alert.rule, security_severity_level: "critical", tags: ["security", "external/cwe/cwe-078", "external/cwe/cwe-88"] } },
      { fromApi: true },
    );
    expect(snapshot.severity).toBe("critical");
    expect(snapshot.cwes).toEqual(["CWE-78", "CWE-88"]);
  });

  it("rates a rule without a security severity as none once the API confirms it has none", () => {
    const snapshot = codeScanningAlertToSnapshot(exampleWebhook("code_scanning_alert", "created").alert, { fromApi: true });
    expect(snapshot.severity).toBe("none");
  });

  it("maps a user's dismissal to a resolved state with the reason", () => {
    const payload = exampleWebhook("code_scanning_alert", "closed_by_user");
    const snapshot = codeScanningAlertToSnapshot(payload.alert, { fromApi: false });
    expect(snapshot.state).toBe("dismissed");
    expect(snapshot.resolutionReason).toBe(payload.alert.dismissed_reason ?? "dismissed");
    expect(snapshot.resolvedAt).toBe(payload.alert.dismissed_at);
  });

  it("refuses an alert without a number or rule, naming what is missing", () => {
    expect(() => codeScanningAlertToSnapshot({ rule: {} }, { fromApi: true })).toThrow(MalformedAlertError);
    expect(() => codeScanningAlertToSnapshot({ rule: {} }, { fromApi: true })).toThrow(/number.*rule\.id/s);
  });
});
