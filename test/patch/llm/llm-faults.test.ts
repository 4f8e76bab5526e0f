import { describe, expect, it } from "vitest";
import { createLlmFixer, type LlmFixOutcome } from "../../../src/patch/llm/create-llm-fixer.js";
import { createOpenAiModelClient } from "../../../src/patch/llm/openai-model-client.js";
import { fakeOpenAi, goodAnswer, spyRepo, sqlAlert } from "./llm-fixtures.js";

const API_KEY = "sk-test-key-0123456789abcdefXYZ";

function fixer(sleeps: number[] = [], timeoutMs = 5_000) {
  return createLlmFixer({
    client: createOpenAiModelClient({ apiKey: API_KEY, timeoutMs }),
    model: "gpt-4o-2024-08-06",
    maxTokens: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

const rateLimited = (headers: Record<string, string> = {}) => ({
  status: 429,
  body: { error: { message: "Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM).", type: "tokens", param: null, code: "rate_limit_exceeded" } },
  headers,
});

function noPatch(outcome: LlmFixOutcome): void {
  expect(outcome.status).not.toBe("patched");
  expect("files" in outcome).toBe(false);
}

describe("createLlmFixer: model service faults", () => {
  it("honours retry-after on a 429, then takes the answer", async () => {
    const sleeps: number[] = [];
    const fake = fakeOpenAi([rateLimited({ "retry-after": "2" }), { answer: goodAnswer }]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "patched", attempts: 1 });
    expect(sleeps).toEqual([2_000]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.scope.isDone()).toBe(true);
  });

  it("prefers OpenAI's retry-after-ms, and backs off 1 s, 2 s without a header", async () => {
    const sleeps: number[] = [];
    fakeOpenAi([rateLimited({ "retry-after-ms": "350" }), rateLimited(), { answer: goodAnswer }]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome.status).toBe("patched");
    expect(sleeps).toEqual([350, 2_000]);
  });

  it("gives up after two rate-limit retries with no_fix rate_limited and the wait the job should honour", async () => {
    const sleeps: number[] = [];
    const fake = fakeOpenAi([rateLimited({ "retry-after": "1" }), rateLimited({ "retry-after": "1" }), rateLimited({ "retry-after": "3" }), { answer: goodAnswer }]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "no_fix", code: "rate_limited", retryAfterMs: 3_000, attempts: 0, tokens: { prompt: 0, completion: 0 } });
    expect(sleeps).toEqual([1_000, 1_000]);
    expect(fake.requests).toHaveLength(3);
    expect(fake.scope.isDone()).toBe(false); // the fourth reply was never asked for
  });

  it("does not sleep inside the job when retry-after is longer than the cap; the job layer reschedules", async () => {
    const sleeps: number[] = [];
    const fake = fakeOpenAi([rateLimited({ "retry-after": "120" })]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "no_fix", code: "rate_limited", retryAfterMs: 120_000 });
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("marks AI unavailable on insufficient_quota and does not retry", async () => {
    const sleeps: number[] = [];
    const fake = fakeOpenAi([
      {
        status: 429,
        body: { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", param: null, code: "insufficient_quota" } },
        headers: { "retry-after": "1" },
      },
      { answer: goodAnswer },
    ]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toEqual({ status: "unavailable", code: "quota_exhausted", reason: expect.stringContaining("quota"), tokens: { prompt: 0, completion: 0 } });
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    noPatch(outcome);
  });

  it("marks AI unavailable on 401 without repeating the provider's message (it quotes the key)", async () => {
    const fake = fakeOpenAi([
      {
        status: 401,
        body: { error: { message: `Incorrect API key provided: ${API_KEY.slice(0, 8)}****XYZ. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } },
      },
      { answer: goodAnswer },
    ]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "unavailable", code: "auth" });
    expect(JSON.stringify(outcome)).not.toContain(API_KEY.slice(0, 8));
    expect(fake.requests).toHaveLength(1);
  });

  it("marks AI unavailable when the model does not exist for this key (404)", async () => {
    fakeOpenAi([{ status: 404, body: { error: { message: "The model `gpt-x` does not exist", type: "invalid_request_error", param: null, code: "model_not_found" } } }]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "unavailable", code: "permission" });
  });

  it("aborts a hung request at the adapter's timeout and reports no_fix, without retrying", async () => {
    const fake = fakeOpenAi([{ hangMs: 3_000 }, { answer: goodAnswer }]);
    const started = Date.now();
    const outcome = await fixer([], 200).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(outcome).toMatchObject({ status: "no_fix", code: "timeout", attempts: 0 });
    expect(fake.requests).toHaveLength(1);
    noPatch(outcome);
  });

  it("stops when the job's AbortSignal fires", async () => {
    fakeOpenAi([{ hangMs: 3_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo(), signal: controller.signal });
    expect(outcome).toMatchObject({ status: "no_fix", code: "cancelled" });
  });

  it("retries a 5xx once, then takes the answer", async () => {
    const sleeps: number[] = [];
    const fake = fakeOpenAi([{ status: 503, body: { error: { message: "overloaded", type: "server_error", param: null, code: null } } }, { answer: goodAnswer }]);
    const outcome = await fixer(sleeps).fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "patched", attempts: 1 });
    expect(sleeps).toEqual([1_000]);
    expect(fake.requests).toHaveLength(2);
  });

  it("gives up after one 5xx retry with no_fix service_error", async () => {
    const fake = fakeOpenAi([
      { status: 500, body: { error: { message: "boom", type: "server_error", param: null, code: null } } },
      { status: 502, body: "Bad gateway" },
      { answer: goodAnswer },
    ]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "no_fix", code: "service_error" });
    expect(fake.requests).toHaveLength(2);
    noPatch(outcome);
  });

  it("reports a 400 (e.g. no structured outputs for this model) as no_fix without retrying", async () => {
    const fake = fakeOpenAi([
      { status: 400, body: { error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: "invalid_request_error", param: "response_format", code: null } } },
      { answer: goodAnswer },
    ]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "no_fix", code: "bad_request" });
    expect(fake.requests).toHaveLength(1);
  });

  it("counts tokens of answers before a fault: a rejected answer, then quota exhaustion", async () => {
    const fake = fakeOpenAi([
      { raw: "not json" },
      { status: 429, body: { error: { message: "You exceeded your current quota", type: "insufficient_quota", param: null, code: "insufficient_quota" } } },
    ]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "unavailable", code: "quota_exhausted" });
    expect(fake.requests).toHaveLength(2);
    expect(fake.usage).toHaveLength(1);
    expect(outcome).toMatchObject({ tokens: fake.usage[0] });
  });

  it("treats a 200 that is not a completion (a proxy's HTML page, a body cut mid-way) as a service fault", async () => {
    const fake = fakeOpenAi([
      { status: 200, body: "<html>Gateway login</html>", headers: { "content-type": "text/html" } },
      { status: 200, body: '{"id":"chatcmpl-1","choi', headers: { "content-type": "application/json" } },
      { answer: goodAnswer },
    ]);
    const outcome = await fixer().fix({ alert: sqlAlert(), files: spyRepo() });
    expect(outcome).toMatchObject({ status: "no_fix", code: "service_error" });
    expect(fake.requests).toHaveLength(2);
  });
});
