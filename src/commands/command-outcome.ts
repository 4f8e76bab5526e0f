/**
 * How a command ended, as its reply says it: done, refused (with who may), failed (GitHub or
 * secfix could not do it), already done (the same command on the same head), or not understood.
 */
export interface CommandOutcome {
  status: "done" | "refused" | "failed" | "already_done" | "invalid";
  /** One sentence, shown first. */
  summary: string;
  /** Markdown below the summary (evidence, history, help). */
  details?: string;
}

export const OUTCOME_REACTION: Record<CommandOutcome["status"], "+1" | "-1" | "confused" | "eyes"> = {
  done: "+1",
  already_done: "+1",
  refused: "-1",
  failed: "confused",
  invalid: "confused",
};
