import { codeSpan } from "../domain/markdown.js";
import type { CommandOutcome } from "./command-outcome.js";

/** Hidden marker naming the comment a reply answers, so a retried job finds its reply instead of posting twice. */
export function commandReplyMarker(commentId: number): string {
  return `<!-- secfix:command-reply ${commentId} -->`;
}

const HEADLINE: Record<CommandOutcome["status"], string> = {
  done: "✅ **Done.**",
  already_done: "↩️ **Already done.**",
  refused: "⛔ **Refused.**",
  failed: "⚠️ **Could not finish.**",
  invalid: "❓ **Not understood.**",
};

/** secfix's answer to one command comment: what was asked, by whom, and what came of it. */
export function renderCommandReply(input: { commentId: number; commentUrl: string; author: string; line: string | null; outcome: CommandOutcome }): string {
  const { outcome } = input;
  const asked = input.line ? `${codeSpan(input.line)} ` : "";
  const lines = [
    commandReplyMarker(input.commentId),
    // The author's login comes from GitHub, not from the comment text, so mentioning it is safe.
    `> ${asked}from @${input.author} ([comment](${input.commentUrl}))`,
    "",
    `${HEADLINE[outcome.status]} ${outcome.summary}`,
  ];
  if (outcome.details) lines.push("", outcome.details);
  return lines.join("\n");
}
