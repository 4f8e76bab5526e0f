import type { Finding } from "../domain/finding.js";
import { codeSpan, escapeMarkdownQuiet } from "../domain/markdown.js";
import { formatDuration } from "../gates/format-duration.js";

const SOURCE_NAME = { code_scanning: "Code scanning", dependabot: "Dependabot" } as const;

/** Where the SLA stands for one finding at `now`, in words. */
export function slaWords(finding: Finding, now: string): string {
  const due = finding.triage?.slaDueAt ?? null;
  if (!due) return "no SLA";
  if (finding.resolvedAt) {
    const met = Date.parse(finding.resolvedAt) <= Date.parse(due);
    return `${met ? "resolved within" : "resolved after"} its SLA (due ${due})`;
  }
  const left = Date.parse(due) - Date.parse(now);
  return left >= 0 ? `due ${due} (${formatDuration(left)} left)` : `**SLA breached** ${formatDuration(-left)} ago (due ${due})`;
}

/** One line per finding: source and number (linked), severity, rule or package, where, and the SLA. */
export function renderFindingSummary(finding: Finding, now: string): string {
  const alert = finding.alert;
  const where = alert.dependency
    ? `${codeSpan(alert.dependency.name)} in ${codeSpan(alert.dependency.manifestPath)}`
    : alert.location
      ? `${codeSpan(alert.location.path)}${alert.location.startLine ? ` line ${alert.location.startLine}` : ""}`
      : "no location";
  const severity = finding.triage?.severity ?? alert.severity ?? "unknown";
  const url = /^https:\/\//.test(alert.htmlUrl) ? alert.htmlUrl : null;
  const name = `${SOURCE_NAME[alert.source]} alert #${alert.alertNumber}`;
  return [
    `- ${url ? `[${name}](${url})` : name} · **${severity}** · ${codeSpan(alert.ruleId)} · ${where} · ${alert.state}`,
    `  ${escapeMarkdownQuiet(alert.title)} · ${slaWords(finding, now)}`,
  ].join("\n");
}
