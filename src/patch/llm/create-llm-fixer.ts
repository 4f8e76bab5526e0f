import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { redactText } from "../../audit/redact-secrets.js";
import type { CodeAlert } from "../../domain/code-fix.js";
import type { FileChange, RepoFiles } from "../../domain/dependency-fix.js";
import { buildFixContext } from "./build-fix-context.js";
import { buildFixPrompt, type UntrustedBlock } from "./build-fix-prompt.js";
import { buildRetryPrompt } from "./build-retry-prompt.js";
import { classifyEditPath } from "./classify-edit-path.js";
import { FIX_ANSWER_JSON_SCHEMA, fixAnswerSchema } from "./fix-answer-schema.js";
import type { ModelClient, ModelMessage, ModelReply } from "./model-client.js";
import { ModelClientError } from "./model-client-error.js";
import { sanitiseForModel } from "./sanitise-for-model.js";
import { stripHiddenUnicode } from "../../domain/hidden-unicode.js";
import { validateFixEdits, type FixProblem } from "./validate-fix-edits.js";

export interface LlmFixerOptions {
  client: ModelClient;
  model: string;
  /** Cap on each answer's tokens; an answer that hits it is rejected as truncated. */
  maxTokens: number;
  /** Cap on the prompt's size in characters (≈ 4 per token). Over it, no request is made: `context_too_large`. */
  maxPromptChars?: number;
  /** Files larger than this are not read into a prompt at all (minified bundles, generated code). */
  maxFileChars?: number;
  /** 429 rate-limit retries inside one fix (each waits `retry-after`, or 1 s, 2 s, …). */
  rateLimitRetries?: number;
  /** 5xx / connection retries inside one fix. */
  serverErrorRetries?: number;
  /** Longest single wait; a `retry-after` beyond it ends the fix at once with `retryAfterMs` for the job layer. */
  maxRetryWaitMs?: number;
  /** Injectable for tests; must honour the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; must return a fresh unguessable string. */
  fence?: () => string;
}

export interface LlmFixInput {
  alert: CodeAlert;
  files: RepoFiles;
  /** Paths the patch may change; default only the alerted file. Protected, secret and manifest paths are refused whatever this says. */
  allowedPaths?: string[];
  /** Job cancellation. */
  signal?: AbortSignal;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
}

/** What left for the model was cleaned first; these counts go in the audit event. */
export interface Sanitisation {
  hiddenCharactersRemoved: number;
  secretsRedacted: number;
}

export type LlmNoFixCode =
  | "rejected"
  | "rate_limited"
  | "timeout"
  | "service_error"
  | "bad_request"
  | "cancelled"
  | "context_too_large"
  | "file_missing"
  | "path_refused";

export type LlmFixOutcome =
  | {
      status: "patched";
      files: FileChange[];
      /** The model's explanation, sanitised for a PR: no hidden characters, secrets, links or images. */
      explanation: string;
      tokens: TokenUsage;
      /** Answers received (1, or 2 after one rejected answer). Transport retries are not attempts. */
      attempts: number;
      sanitised: Sanitisation;
      /** Why the first answer was rejected, when the second was taken. */
      rejectedFirst: FixProblem[];
    }
  | {
      status: "no_fix";
      code: LlmNoFixCode;
      reason: string;
      tokens: TokenUsage;
      attempts: number;
      sanitised: Sanitisation;
      /** Every problem of the last rejected answer (`code: "rejected"`). */
      problems: FixProblem[];
      /** For `rate_limited`: the service's own `retry-after`, so the job can be retried no sooner. */
      retryAfterMs?: number;
    }
  | {
      /** Quota exhausted, key rejected or model not permitted: stop using AI for this installation and say so. */
      status: "unavailable";
      code: "quota_exhausted" | "auth" | "permission";
      reason: string;
      /** Tokens already spent in this fix before the service said no (a first answer, then quota exhausted). */
      tokens: TokenUsage;
    };

export interface LlmFixer {
  fix(input: LlmFixInput): Promise<LlmFixOutcome>;
}

const DEFAULTS = {
  maxPromptChars: 40_000,
  maxFileChars: 1_000_000,
  rateLimitRetries: 2,
  serverErrorRetries: 1,
  maxRetryWaitMs: 30_000,
};
/** Rule help is reference text; past this it is shortened (unlike code or the message, which are never cut). */
const MAX_HELP_CHARS = 6_000;

/**
 * An LLM patch writer that the data it reads cannot steer: a fixed role, a small sanitised context
 * in fenced untrusted blocks, a strict JSON answer, and deterministic validation that takes the
 * answer whole or not at all. One retry on a rejected answer; transport retries are bounded.
 */
export function createLlmFixer(options: LlmFixerOptions): LlmFixer {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : undefined));
  const newFence = options.fence ?? (() => randomBytes(16).toString("hex"));

  return {
    async fix(input) {
      const { alert } = input;
      const tokens: TokenUsage = { prompt: 0, completion: 0 };
      const sanitised: Sanitisation = { hiddenCharactersRemoved: 0, secretsRedacted: 0 };
      let attempts = 0;
      const unavailable = (code: "quota_exhausted" | "auth" | "permission", reason: string): LlmFixOutcome => ({ status: "unavailable", code, reason, tokens: { ...tokens } });
      const noFix = (code: LlmNoFixCode, reason: string, extra: { problems?: FixProblem[]; retryAfterMs?: number } = {}): LlmFixOutcome => ({
        status: "no_fix",
        code,
        reason,
        tokens: { ...tokens },
        attempts,
        sanitised: { ...sanitised },
        problems: extra.problems ?? [],
        ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
      });

      // 1. The alerted file: refused before it is read if its path is a credentials file or one the bot may not change.
      const pathClass = classifyEditPath(alert.path);
      if (pathClass !== null) {
        return noFix("path_refused", `the alerted file is ${PATH_CLASS_WORDS[pathClass]}; secfix does not send it to a model or let a model change it`);
      }
      const allowedPaths = (input.allowedPaths ?? [alert.path]).filter((p) => classifyEditPath(p) === null);
      const source = await input.files.read(alert.path);
      if (source === null) return noFix("file_missing", "the alerted file does not exist at this commit");
      if (source.length > settings.maxFileChars) {
        return noFix("context_too_large", `the alerted file has ${source.length} characters, over the ${settings.maxFileChars} secfix sends a model from`);
      }

      // 2. Small, targeted context, sanitised before anything is put in a prompt.
      const context = buildFixContext(alert, source);
      const clean = (text: string): string => {
        const s = sanitiseForModel(text);
        sanitised.hiddenCharactersRemoved += s.hiddenRemoved;
        sanitised.secretsRedacted += s.secretsRedacted;
        return s.text;
      };
      const help = alert.ruleHelp ?? "";
      const blocks: UntrustedBlock[] = [
        {
          label: "ALERT",
          note: "the alert's fields as the scanner reported them",
          text: [
            `rule: ${clean(alert.ruleId)}`,
            `tool: ${clean(alert.tool ?? "unknown")}`,
            `severity: ${clean(alert.severity)}`,
            `cwe: ${clean(alert.cwes.join(", ") || "none")}`,
            `file: ${clean(alert.path)}`,
            `lines: ${alert.startLine}-${alert.endLine}`,
          ].join("\n"),
        },
        { label: "ALERT-MESSAGE", note: "the scanner's message for this alert", text: clean(alert.message) },
        {
          label: "RULE-HELP",
          note: help.length > MAX_HELP_CHARS ? `the rule's help text, first ${MAX_HELP_CHARS} characters` : "the rule's help text",
          text: clean(help.slice(0, MAX_HELP_CHARS)) || "(none)",
        },
        { label: "ALLOWED-PATHS", note: "the only paths an edit may name, one per line", text: allowedPaths.map(clean).join("\n") || "(none)" },
        ...context.imports.map(
          (span): UntrustedBlock => ({ label: "IMPORTS", note: `lines ${span.startLine}-${span.endLine} of the alerted file`, text: clean(span.text) }),
        ),
        {
          label: "CODE-REGION",
          note: `lines ${context.region.startLine}-${context.region.endLine} of the alerted file (${REGION_WORDS[context.region.kind]})`,
          text: clean(context.region.text),
        },
      ];

      let fence = newFence();
      while (blocks.some((b) => b.text.includes(fence) || b.note.includes(fence))) fence = newFence();
      const messages = buildFixPrompt(fence, blocks);
      const promptChars = messages.reduce((n, m) => n + m.content.length, 0);
      if (promptChars > settings.maxPromptChars) {
        return noFix("context_too_large", `the context for this alert is ${promptChars} characters, over the ${settings.maxPromptChars} budget; secfix does not send a truncated context`);
      }

      // 3. Ask, validate, and at most once ask again with the reasons.
      let rejectedFirst: FixProblem[] = [];
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const request = attempt === 1 ? messages : [...messages, { role: "user" as const, content: buildRetryPrompt(rejectedFirst) }];
        const reply = await callModel(request);
        if ("outcome" in reply) return reply.outcome;
        attempts += 1;
        if (reply.usage) {
          tokens.prompt += reply.usage.prompt;
          tokens.completion += reply.usage.completion;
        }

        const checked = await checkReply(reply, {
          allowedPaths,
          alerted: { path: alert.path, text: source, shown: [context.region, ...context.imports] },
          read: (path) => input.files.read(path),
        });
        if (checked.ok) {
          return {
            status: "patched",
            files: checked.files,
            explanation: cleanExplanation(checked.explanation),
            tokens: { ...tokens },
            attempts,
            sanitised: { ...sanitised },
            rejectedFirst,
          };
        }
        if (attempt === 2) {
          return noFix("rejected", `the model's answers were rejected twice: ${checked.problems.map((p) => p.message).join("; ")}`, {
            problems: checked.problems,
          });
        }
        rejectedFirst = checked.problems;
      }
      throw new Error("unreachable");

      /** One answer, with bounded transport retries; a fault that ends the fix comes back as its outcome. */
      async function callModel(request: ModelMessage[]): Promise<ModelReply | { outcome: LlmFixOutcome }> {
        let rateLimited = 0;
        let serverErrors = 0;
        for (;;) {
          try {
            return await options.client.complete({
              model: options.model,
              messages: request,
              maxTokens: options.maxTokens,
              responseSchema: FIX_ANSWER_JSON_SCHEMA,
              ...(input.signal ? { signal: input.signal } : {}),
            });
          } catch (error) {
            if (!(error instanceof ModelClientError)) throw error;
            let wait: number;
            switch (error.kind) {
              case "quota_exhausted":
                return { outcome: unavailable("quota_exhausted", "the OpenAI account's quota is exhausted (429 insufficient_quota); AI fixes are off until billing is fixed") };
              case "auth":
                return { outcome: unavailable("auth", "the model API rejected the API key (401); AI fixes are off until OPENAI_API_KEY is fixed") };
              case "permission":
                return {
                  outcome: unavailable("permission", `the model API refused access to model ${JSON.stringify(options.model)} (HTTP ${error.status ?? "?"}); check the model name and the key's permissions`),
                };
              case "timeout":
                return { outcome: noFix("timeout", "the model did not answer in time; the request was aborted") };
              case "aborted":
                return { outcome: noFix("cancelled", "the fix was cancelled while waiting for the model") };
              case "bad_request":
                return { outcome: noFix("bad_request", `the model API refused the request (HTTP ${error.status ?? "?"}); the model may not support structured outputs`) };
              case "rate_limited": {
                const asked = error.retryAfterMs;
                if (rateLimited >= settings.rateLimitRetries || (asked !== null && asked > settings.maxRetryWaitMs)) {
                  return { outcome: noFix("rate_limited", "the model API is rate limiting secfix; retry later", { retryAfterMs: asked ?? settings.maxRetryWaitMs }) };
                }
                rateLimited += 1;
                wait = asked ?? 1000 * 2 ** (rateLimited - 1);
                break;
              }
              case "server":
              case "connection":
                if (serverErrors >= settings.serverErrorRetries) {
                  return { outcome: noFix("service_error", `the model API failed (${error.status ? `HTTP ${error.status}` : "no response"}) and did not recover after ${serverErrors} retr${serverErrors === 1 ? "y" : "ies"}`) };
                }
                serverErrors += 1;
                wait = Math.min(error.retryAfterMs ?? 1000 * 2 ** (serverErrors - 1), settings.maxRetryWaitMs);
                break;
            }
            try {
              await sleep(wait, input.signal);
            } catch {
              return { outcome: noFix("cancelled", "the fix was cancelled while waiting to retry the model") };
            }
          }
        }
      }
    },
  };
}

/** Refusal, truncation, JSON and schema first; then the edits themselves. */
async function checkReply(
  reply: ModelReply,
  context: Parameters<typeof validateFixEdits>[1],
): Promise<{ ok: true; files: FileChange[]; explanation: string } | { ok: false; problems: FixProblem[] }> {
  const fail = (code: FixProblem["code"], message: string) => ({ ok: false as const, problems: [{ code, edit: null, message }] });
  if (reply.refusal) return fail("refused", "the model refused to answer");
  if (reply.finishReason === "length") return fail("truncated", "the answer was cut off at the token limit");
  if (reply.finishReason === "content_filter") return fail("content_filtered", "the answer was stopped by the provider's content filter");
  if (reply.content === null || reply.content.trim() === "") return fail("not_json", "the answer was empty");
  let json: unknown;
  try {
    json = JSON.parse(reply.content);
  } catch {
    return fail("not_json", "the answer was not valid JSON");
  }
  const parsed = fixAnswerSchema.safeParse(json);
  if (!parsed.success) return fail("schema", "the answer did not match the required JSON schema");
  const result = await validateFixEdits(parsed.data, context);
  return result.ok ? { ok: true, files: result.files, explanation: parsed.data.explanation } : result;
}

/** PR text from a model: visible characters only, no secrets, no links or images (exfiltration channels), one short paragraph. */
function cleanExplanation(text: string): string {
  const visible = stripHiddenUnicode(text).text;
  const safe = redactText(visible)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, "")
    .replace(/\b(?:https?|ftp|data|javascript):[^\s)]*/gi, "[link removed]")
    .replace(/\s+/g, " ")
    .trim();
  return safe.length > 600 ? `${safe.slice(0, 597)}...` : safe;
}

const PATH_CLASS_WORDS = {
  unsafe: "not a plain relative path",
  secret: "a credentials file",
  protected: "protected (CI, ownership or secfix configuration)",
  manifest: "a dependency manifest or lockfile",
} as const;

const REGION_WORDS = {
  function: "the enclosing function",
  block: "the enclosing block",
  statement: "the enclosing statement",
  lines: "the alerted lines with 30 lines either side",
} as const;

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
