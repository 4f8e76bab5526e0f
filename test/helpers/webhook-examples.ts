import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";

/**
 * Real webhook payloads GitHub sent, as collected in @octokit/webhooks-examples, so handler
 * tests start from what GitHub delivers instead of hand-written guesses.
 *
 * Payloads are typed with the same @octokit/webhooks types Probot's `receive()` and
 * `app.on()` use. The examples are older recordings than those types, so the typing is a
 * convenience, not a guarantee that every newer field is present.
 */

/** Webhook event names without an action, e.g. `code_scanning_alert`, `push`. */
export type WebhookEventName = Exclude<EmitterWebhookEventName, `${string}.${string}`>;

/** The payload type for `event` narrowed to `action` when the types know that action. */
export type WebhookPayload<E extends WebhookEventName, A extends string = string> = `${E}.${A}` extends EmitterWebhookEventName
  ? EmitterWebhookEvent<`${E}.${A}`>["payload"]
  : EmitterWebhookEvent<E>["payload"];

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Record<string, unknown>[];
}

let definitions: Map<string, WebhookDefinition> | undefined;

function load(): Map<string, WebhookDefinition> {
  if (definitions === undefined) {
    // The package's main entry is its api.github.com index JSON (an array, one entry per event).
    const raw = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];
    definitions = new Map(raw.map((d) => [d.name, d]));
  }
  return definitions;
}

function definition(event: string): WebhookDefinition {
  const found = load().get(event);
  if (found === undefined) {
    throw new Error(
      `@octokit/webhooks-examples has no "${event}" event; available: ${[...load().keys()].sort().join(", ")}`,
    );
  }
  return found;
}

/**
 * A deep clone of the first example payload for `event` with `action` (omit `action` for
 * action-less events such as `push`). Throws, listing the actions that do have examples,
 * when there is none.
 */
export function exampleWebhook<E extends WebhookEventName, A extends string>(event: E, action: A): WebhookPayload<E, A>;
export function exampleWebhook<E extends WebhookEventName>(event: E): WebhookPayload<E>;
export function exampleWebhook(event: string, action?: string): unknown {
  const def = definition(event);
  const example = def.examples.find((payload) => payload["action"] === action);
  if (example === undefined) {
    const available = exampleWebhookActions(event as WebhookEventName);
    const wanted = action === undefined ? "without an action" : `with action "${action}"`;
    throw new Error(
      `@octokit/webhooks-examples has no "${event}" example ${wanted}; examples exist for: ${
        available.map((a) => (a === undefined ? "(no action)" : a)).join(", ") || "nothing"
      }`,
    );
  }
  return structuredClone(example);
}

/** Deep clones of every example payload recorded for `event`, in the package's order. */
export function exampleWebhooks<E extends WebhookEventName>(event: E): WebhookPayload<E>[] {
  return definition(event).examples.map((payload) => structuredClone(payload) as WebhookPayload<E>);
}

/**
 * The distinct actions that have at least one example (undefined for action-less payloads).
 * This can be fewer than the actions GitHub documents for the event.
 */
export function exampleWebhookActions(event: WebhookEventName): (string | undefined)[] {
  const actions = definition(event).examples.map((payload) => payload["action"] as string | undefined);
  return [...new Set(actions)];
}
