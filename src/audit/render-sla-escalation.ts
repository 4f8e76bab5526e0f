import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { codeSpan, escapeMarkdownQuiet } from "../domain/markdown.js";
import type { SlaThreshold } from "../triage/sla-timeline.js";
import { alertLink, alertName, alertedPath, fixWaitingFor, formatInstant, formatSpan, mentionList } from "./render-sla-facts.js";

/** What the SLA notes say about one finding at one threshold. */
export interface SlaNoteFacts {
  finding: Finding;
  threshold: SlaThreshold;
  dueAt: string;
  now: string;
  /** The attempt that carries the fix (the one with an open PR when there is one), or null. */
  attempt: FixAttempt | null;
  /** CODEOWNERS owners of the alerted path, as mentions (`@user`, `@org/team`). */
  owners: string[];
  /** The escalation teams, as mentions (`@org/team`). */
  teams: string[];
}

export const SLA_LABELS = { atRisk: "sla:at-risk", breached: "sla:breached" } as const;

const TITLE_MAX = 240;

/** `SLA breached: <alert title> (Dependabot alert #20)`: plain text, since titles render no markdown. */
export function escalationIssueTitle(finding: Finding, threshold: SlaThreshold): string {
  const suffix = ` (${alertName(finding)})`;
  const prefix = threshold === 100 ? "SLA breached: " : "SLA at risk: ";
  const room = TITLE_MAX - prefix.length - suffix.length;
  const flat = finding.alert.title.replace(/\s+/g, " ").trim();
  return `${prefix}${flat.length > room ? `${flat.slice(0, room - 1)}…` : flat}${suffix}`;
}

/** The state of the clock in one sentence. */
export function slaSentence(facts: Pick<SlaNoteFacts, "finding" | "threshold" | "dueAt" | "now">): string {
  const { finding, dueAt, now } = facts;
  const opened = Date.parse(finding.alert.createdAt);
  const due = Date.parse(dueAt);
  const at = Date.parse(now);
  const span = formatSpan(due - opened);
  const severity = finding.triage?.severity ?? finding.alert.severity ?? "unrated";
  if (at >= due) {
    return `This ${severity} finding was due **${formatInstant(dueAt)}** (SLA: ${span} from when GitHub opened the alert) and is **${formatSpan(at - due)} late**.`;
  }
  const gone = Math.max(facts.threshold, Math.floor(((at - opened) * 100) / Math.max(1, due - opened)));
  return `${gone} % of this ${severity} finding's SLA (${span} from when GitHub opened the alert) is gone: it is due **${formatInstant(dueAt)}**, ${formatSpan(due - at)} from now.`;
}

/** The hidden line that marks one note (one threshold of one timer), so it is posted once. */
export function slaNoteMarker(findingId: string, threshold: SlaThreshold, round: string): string {
  return `<!-- secfix:sla:${findingId}:${threshold}:${round} -->`;
}

/**
 * The escalation issue's body: where the finding stands, who owns it, and what people can do
 * here. `markers` are the hidden lines that tie it to its finding and to the note it carries;
 * `unassigned` names the people GitHub would not let secfix assign, when it refused.
 */
export function renderEscalationIssue(facts: SlaNoteFacts & { markers: string[]; unassigned: string[] | null }): string {
  const { finding, dueAt, now, attempt } = facts;
  const due = Date.parse(dueAt);
  const at = Date.parse(now);
  const path = alertedPath(finding);
  const pull = attempt?.pullRequest;
  const lines = [...facts.markers, `## ${facts.threshold === 100 ? "SLA breached" : "SLA at risk"}: ${escapeMarkdownQuiet(finding.alert.title)}`, ""];
  lines.push(slaSentence(facts), "");
  lines.push("| | |", "| --- | --- |");
  lines.push(`| Finding | ${alertLink(finding).replace(/\|/g, "\\|")} |`);
  lines.push(`| Severity | ${finding.triage?.severity ?? finding.alert.severity ?? "unrated"}${finding.triage ? ` (${finding.triage.priority})` : ""} |`);
  if (path) lines.push(`| Where | ${codeSpan(path)} |`);
  lines.push(`| Opened | ${formatInstant(finding.alert.createdAt)} |`);
  lines.push(`| Due | ${formatInstant(dueAt)} |`);
  lines.push(at >= due ? `| Late by | ${formatSpan(at - due)} |` : `| Time left | ${formatSpan(due - at)} |`);
  lines.push(`| Fix | ${attempt ? `${attempt.state.replace(/_/g, " ")}${pull ? ` in [#${pull.number}](${pull.url})` : ""}` : "none yet"} |`);
  lines.push(`| Waiting for | ${fixWaitingFor(attempt).replace(/\|/g, "\\|")} |`);
  lines.push(`| Owners (CODEOWNERS) | ${facts.owners.length > 0 ? mentionList(facts.owners) : "none found"} |`);
  lines.push(`| Escalated to | ${facts.teams.length > 0 ? mentionList(facts.teams) : "no team configured (`sla.escalate_to`, else `approvers.security`)"} |`);
  lines.push("");
  if (facts.unassigned && facts.unassigned.length > 0) {
    lines.push(`**Nobody is assigned:** GitHub refused to assign ${facts.unassigned.map((login) => codeSpan(login)).join(", ")} (they may lack access to this repository). Please assign someone by hand.`, "");
  }
  lines.push("### What you can do here", "", "Comment on this issue:", "");
  lines.push("- `/secfix status`: the fix's state and history");
  lines.push("- `/secfix explain`: the finding, the plan, its risk and the gates' evidence");
  lines.push("- `/secfix retry`: plan the fix again from the current default branch and alert");
  lines.push("- `/secfix dismiss <reason> [comment]`: dismiss the alert on GitHub (security team)");
  lines.push("- `/secfix help`: every command", "");
  lines.push("<sub>secfix keeps this issue up to date while the finding is open and closes it when GitHub closes the alert.</sub>");
  return lines.join("\n");
}
