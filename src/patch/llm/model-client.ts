/**
 * The only way the LLM fixer talks to a model. The core builds requests and reads replies through
 * this interface, so it stays free of I/O and of the `openai` SDK (one adapter implements it), and
 * tests can drive it. Transport faults are thrown as `ModelClientError`.
 */
export interface ModelClient {
  complete(request: ModelRequest): Promise<ModelReply>;
}

export interface ModelMessage {
  role: "system" | "user";
  content: string;
}

export interface ModelRequest {
  model: string;
  /** The system message is always first; nothing the repository wrote is ever a system message. */
  messages: ModelMessage[];
  /** Upper bound on the answer's tokens; an answer cut at this bound is rejected, never half-used. */
  maxTokens: number;
  /** A strict JSON schema the answer must follow (OpenAI structured outputs). */
  responseSchema: { name: string; schema: Record<string, unknown> };
  /** Cancels the request (job shutdown); the adapter adds its own timeout on top. */
  signal?: AbortSignal;
}

export interface ModelReply {
  /** The answer's text, or null when the model refused or sent nothing. */
  content: string | null;
  /** The model's refusal message under structured outputs, if it refused. */
  refusal: string | null;
  /** `stop`, `length` (truncated), `content_filter`, …; null when the service did not say. */
  finishReason: string | null;
  /** Tokens as the service billed them; null when the reply carried no usage. */
  usage: { prompt: number; completion: number } | null;
}
