import type { AuditEvent } from "../domain/audit-event.js";
import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { codeSpan, escapeMarkdownQuiet } from "../domain/markdown.js";
import { shortSha } from "../gates/short-sha.js";
import { renderFindingSummary } from "./render-finding-summary.js";

/** The newest events shown; the whole trail is one `secfix audit export` away. */
export const STATUS_HISTORY_LIMIT = 25;

const DETAIL_KEYS = ["reason", "outcome", "state", "strategy", "command", "commit", "headSha", "reviewer", "teams", "status"] as const;

function eventDetail(event: AuditEvent): string {
  const parts: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = event.details[key];
    if (value === undefined || value === null || typeof value === "object") continue;
    const text = String(value);
    parts.push(`${key}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`);
  }
  return escapeMarkdownQuiet(parts.join(", "));
}

/** `/secfix status`: the fix's state, its PR and head, its findings with their SLA, and its recent history. */
export function renderFixStatus(input: { attempt: FixAttempt | null; findings: Finding[]; events: AuditEvent[]; now: string }): string {
  const { attempt, findings, events, now } = input;
  const lines: string[] = [];
  if (attempt) {
    lines.push(`**Fix** ${codeSpan(attempt.id)}: **${attempt.state.replace(/_/g, " ")}**${attempt.strategy ? ` · strategy ${codeSpan(attempt.strategy)}` : ""}`);
    if (attempt.pullRequest) lines.push(`**Pull request:** #${attempt.pullRequest.number} (${attempt.pullRequest.state}) · head ${codeSpan(shortSha(attempt.pullRequest.headSha))}`);
    if (attempt.gates) lines.push(`**Gates:** ${attempt.gates.outcome} on ${codeSpan(shortSha(attempt.gates.headSha))} (evaluated ${attempt.gates.evaluatedAt})`);
    if (attempt.reason) lines.push(`**Note:** ${escapeMarkdownQuiet(attempt.reason)}`);
  } else {
    lines.push("**Fix:** none yet: secfix has not planned a fix for this finding.");
  }
  lines.push("", "**Findings**", "", ...findings.map((finding) => renderFindingSummary(finding, now)));
  const recent = events.slice(-STATUS_HISTORY_LIMIT);
  lines.push("", `**History** (${recent.length < events.length ? `newest ${recent.length} of ${events.length}` : `${events.length} events`})`, "");
  lines.push("| when | who | what | detail |", "| --- | --- | --- | --- |");
  for (const event of recent) {
    lines.push(`| ${event.at} | ${escapeMarkdownQuiet(event.actor.login)} | ${codeSpan(event.action)} | ${eventDetail(event)} |`);
  }
  return lines.join("\n");
}
