import { z } from "zod";

/**
 * The only shape a model's answer may take: search-and-replace edits plus a short explanation.
 * Sent as an OpenAI strict JSON schema (every property required, no extras), and checked again
 * here with zod, because a compatible endpoint may ignore `strict` and a model's JSON is untrusted.
 */
export const FIX_ANSWER_JSON_SCHEMA = {
  name: "secfix_patch",
  schema: {
    type: "object",
    properties: {
      edits: {
        type: "array",
        description: "Search-and-replace edits. Empty only if no safe minimal fix exists.",
        items: {
          type: "object",
          properties: {
            path: { type: "string", description: "Repository path of the file to edit; one of the allowed paths." },
            find: { type: "string", description: "An exact snippet of the current file, copied verbatim, that occurs exactly once." },
            replace: { type: "string", description: "The text that replaces `find`." },
          },
          required: ["path", "find", "replace"],
          additionalProperties: false,
        },
      },
      explanation: { type: "string", description: "One or two plain sentences: what was wrong and how the change fixes it." },
    },
    required: ["edits", "explanation"],
    additionalProperties: false,
  },
} as const satisfies { name: string; schema: Record<string, unknown> };

/** Bounds keep a runaway answer from costing more than it could possibly be worth. */
export const fixAnswerSchema = z
  .object({
    edits: z
      .array(
        z.object({ path: z.string().min(1).max(500), find: z.string().max(20_000), replace: z.string().max(20_000) }).strict(),
      )
      .max(10),
    explanation: z.string().max(4_000),
  })
  .strict();

export type FixAnswer = z.infer<typeof fixAnswerSchema>;
