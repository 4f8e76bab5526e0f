import type { SecfixConfig } from "../config/config.schema.js";
import { createLlmFixer, type LlmFixer } from "../patch/llm/create-llm-fixer.js";
import { createOpenAiModelClient } from "../patch/llm/openai-model-client.js";

/** Answers are small edit lists; the rest of the per-fix budget is for the prompt and one retry. */
const ANSWER_SHARE = 4;

/**
 * The model fixer for a repository's `ai` settings: only when the repository turned AI on, named a
 * model, and the operator gave the app an endpoint key (`OPENAI_API_KEY`, `OPENAI_BASE_URL`).
 */
export function createLlmFixers(env: NodeJS.ProcessEnv): (ai: SecfixConfig["ai"]) => LlmFixer | null {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) return () => null;
  const client = createOpenAiModelClient({ apiKey, baseURL: env.OPENAI_BASE_URL || null });
  return (ai) =>
    ai.enabled && ai.model
      ? createLlmFixer({ client, model: ai.model, maxTokens: Math.max(500, Math.floor(ai.max_tokens_per_fix / ANSWER_SHARE)), maxPromptChars: ai.max_tokens_per_fix * 2 })
      : null;
}
