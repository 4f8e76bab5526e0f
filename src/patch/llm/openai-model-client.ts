import OpenAI from "openai";
import type { ModelClient, ModelReply, ModelRequest } from "./model-client.js";
import { ModelClientError } from "./model-client-error.js";

export interface OpenAiModelClientOptions {
  /** `OPENAI_API_KEY` from the app's environment; never from a repository or its config. */
  apiKey: string;
  /** `OPENAI_BASE_URL` for any OpenAI-compatible endpoint; defaults to OpenAI's own. */
  baseURL?: string | null;
  /** Deadline for one request; a hung request is aborted, never awaited for the SDK's 10 minutes. */
  timeoutMs?: number;
  /** For tests or proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The one file in `src/patch` that imports the `openai` SDK. Every option is passed explicitly so
 * the SDK reads no environment variable of its own, and `maxRetries: 0` leaves retrying to the
 * fixer, where it is bounded and visible.
 */
export function createOpenAiModelClient(options: OpenAiModelClientOptions): ModelClient {
  if (!options.apiKey) throw new Error("createOpenAiModelClient: apiKey is required (OPENAI_API_KEY)");
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL || DEFAULT_BASE_URL,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    async complete(request: ModelRequest): Promise<ModelReply> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model: request.model,
            messages: request.messages,
            max_completion_tokens: request.maxTokens,
            n: 1,
            response_format: {
              type: "json_schema",
              json_schema: { name: request.responseSchema.name, strict: true, schema: request.responseSchema.schema },
            },
          },
          request.signal ? { signal: request.signal } : undefined,
        );
      } catch (error) {
        throw toModelClientError(error);
      }
      // A proxy's HTML page or a body cut mid-way is a service fault, never an answer.
      if (typeof completion !== "object" || completion === null || !Array.isArray(completion.choices)) {
        throw new ModelClientError("server", { status: 200 });
      }
      const choice = completion.choices[0];
      return {
        content: choice?.message.content ?? null,
        refusal: choice?.message.refusal ?? null,
        finishReason: choice?.finish_reason ?? null,
        usage: completion.usage
          ? { prompt: completion.usage.prompt_tokens, completion: completion.usage.completion_tokens }
          : null,
      };
    },
  };
}

/** Maps the SDK's errors to the fixer's fault kinds. The provider's message is dropped on purpose: a 401's text quotes part of the key. */
function toModelClientError(error: unknown): ModelClientError {
  if (error instanceof OpenAI.APIUserAbortError) return new ModelClientError("aborted");
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ModelClientError("timeout");
  if (error instanceof OpenAI.APIConnectionError) return new ModelClientError("connection");
  // The SDK parses the body with `response.json()`: a connection cut mid-body surfaces as a SyntaxError.
  if (error instanceof SyntaxError) return new ModelClientError("server", { status: 200 });
  if (error instanceof OpenAI.APIError) {
    const status = typeof error.status === "number" ? error.status : null;
    if (status === 429) {
      const body = (error.error ?? {}) as { code?: unknown; type?: unknown };
      const quota = error.code === "insufficient_quota" || body.code === "insufficient_quota" || body.type === "insufficient_quota";
      return quota
        ? new ModelClientError("quota_exhausted", { status })
        : new ModelClientError("rate_limited", { status, retryAfterMs: retryAfterMs(error.headers) });
    }
    if (status === 401) return new ModelClientError("auth", { status });
    if (status === 403 || status === 404) return new ModelClientError("permission", { status });
    if (status !== null && status >= 500) return new ModelClientError("server", { status, retryAfterMs: retryAfterMs(error.headers) });
    return new ModelClientError("bad_request", { status });
  }
  // A bug on our side (or an unexpected SDK change), not a service fault: let it surface.
  if (error instanceof Error) throw error;
  return new ModelClientError("connection");
}

/** `retry-after-ms` (OpenAI's own), else `retry-after` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
