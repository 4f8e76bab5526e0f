import type { Finding } from "../domain/finding.js";
import { escapeMarkdownQuiet } from "../domain/markdown.js";
import { alertLink, fixWaitingFor, formatInstant, formatSpan, mentionList } from "./render-sla-facts.js";
import { slaSentence, type SlaNoteFacts } from "./render-sla-escalation.js";

function cc(facts: SlaNoteFacts): string[] {
  const mentions = mentionList([...facts.owners, ...facts.teams]);
  return mentions ? ["", `cc ${mentions}`] : [];
}

/** The note at a threshold: at risk on the fix PR or the escalation issue, or breached on the issue. */
export function renderSlaComment(facts: SlaNoteFacts & { marker: string; on: "pull_request" | "issue" }): string {
  const heading = facts.threshold === 100 ? "🚨 **SLA breached.**" : `⏳ **SLA at risk: ${facts.threshold} % gone.**`;
  const subject = facts.on === "pull_request" ? `This pull request fixes ${alertLink(facts.finding)}.` : `${alertLink(facts.finding)}.`;
  return [facts.marker, `${heading} ${subject}`, "", slaSentence(facts), "", `**Waiting for:** ${fixWaitingFor(facts.attempt)}.`, ...cc(facts)].join("\n");
}

/** The close-out on the escalation issue: how long resolution took and whether the SLA held. */
export function renderSlaResolvedComment(input: { finding: Finding; dueAt: string | null; marker: string }): string {
  const { finding, dueAt } = input;
  const how = finding.alert.state === "fixed" ? "fixed" : "dismissed";
  const reason = finding.alert.resolutionReason && how === "dismissed" ? ` (${escapeMarkdownQuiet(finding.alert.resolutionReason)})` : "";
  const resolvedAt = finding.resolvedAt ?? finding.alert.resolvedAt;
  const took = finding.timeToResolutionMs !== null ? `, ${formatSpan(finding.timeToResolutionMs)} after it opened` : "";
  const lines = [input.marker, `✅ **Resolved.** GitHub closed ${alertLink(finding)} as ${how}${reason}${resolvedAt ? ` on ${formatInstant(resolvedAt)}` : ""}${took}.`, ""];
  if (dueAt && resolvedAt) {
    const late = Date.parse(resolvedAt) - Date.parse(dueAt);
    lines.push(late <= 0 ? `The SLA (due ${formatInstant(dueAt)}) was met.` : `The SLA (due ${formatInstant(dueAt)}) was missed by ${formatSpan(late)}.`, "");
  }
  lines.push("secfix closes this issue; it reopens it if the alert comes back and the SLA runs out again.");
  return lines.join("\n");
}
