import { describe, expect, it } from "vitest";
import { exampleWebhook, exampleWebhookActions, exampleWebhooks, type WebhookEventName } from "./webhook-examples.js";

describe("exampleWebhook", () => {
  it("returns the first example payload for the event and action", () => {
    const payload = exampleWebhook("code_scanning_alert", "created");

    expect(payload.action).toBe("created");
    expect(payload.alert.number).toEqual(expect.any(Number));
    expect(payload.repository.full_name).toEqual(expect.stringContaining("/"));
  });

  it("returns payloads for action-less events such as push", () => {
    const payload = exampleWebhook("push");

    expect(payload).not.toHaveProperty("action");
    expect(payload.ref).toMatch(/^refs\//);
  });

  it("returns a deep clone, so tests can edit payloads without leaking into each other", () => {
    const first = exampleWebhook("dependabot_alert", "created");
    first.alert.state = "dismissed";
    first.repository.name = "changed";

    const second = exampleWebhook("dependabot_alert", "created");
    expect(second.alert.state).not.toBe("dismissed");
    expect(second.repository.name).not.toBe("changed");
  });

  it("throws, listing the actions that have examples, for an action without one", () => {
    expect(() => exampleWebhook("code_scanning_alert", "updated_assignment")).toThrow(
      '@octokit/webhooks-examples has no "code_scanning_alert" example with action "updated_assignment"; ' +
        "examples exist for: reopened, closed_by_user, created, fixed",
    );
  });

  it("throws, listing known events, for an unknown event", () => {
    // Cast: the signature only admits event names @octokit/webhooks knows about.
    expect(() => exampleWebhook("no_such_event" as WebhookEventName, "created")).toThrow(
      /has no "no_such_event" event; available: .*code_scanning_alert.*dependabot_alert/,
    );
  });
});

describe("exampleWebhooks and exampleWebhookActions", () => {
  it("returns every example for an event, each a separate clone", () => {
    const all = exampleWebhooks("installation_repositories");

    expect(all.map((p) => p.action)).toEqual(["added", "added", "removed"]);
    expect(all[0]).not.toBe(exampleWebhooks("installation_repositories")[0]);
  });

  it("lists the distinct actions with examples", () => {
    expect(exampleWebhookActions("dependabot_alert")).toEqual(["fixed", "created"]);
    expect(exampleWebhookActions("push")).toEqual([undefined]);
  });
});
