import { renderEvidence } from "../audit/render-evidence.js";
import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { codeSpan, escapeMarkdownQuiet } from "../domain/markdown.js";
import { shortSha } from "../gates/short-sha.js";
import { renderFindingSummary } from "./render-finding-summary.js";

function renderPlan(attempt: FixAttempt): string[] {
  const lines = ["### Plan", ""];
  lines.push(`- Strategy: ${attempt.strategy ? codeSpan(attempt.strategy) : "not chosen yet"}${attempt.baseSha ? ` on base ${codeSpan(shortSha(attempt.baseSha))}` : ""}`);
  const fix = attempt.fix;
  if (fix?.kind === "dependency") {
    for (const change of fix.packages) {
      lines.push(`- ${codeSpan(change.name)} ${codeSpan(change.fromVersion)} → ${codeSpan(change.toVersion)} in ${codeSpan(change.manifestPath)} (${change.relationship}, ${change.scope})`);
    }
  } else if (fix?.kind === "code") {
    lines.push(`- Rule ${codeSpan(fix.ruleId)} in ${codeSpan(fix.path)}`);
  }
  if (attempt.changedFiles && attempt.changedFiles.length > 0) lines.push(`- Files changed: ${attempt.changedFiles.map(codeSpan).join(", ")}`);
  if (attempt.reason) lines.push(`- Note: ${escapeMarkdownQuiet(attempt.reason)}`);
  return lines;
}

/** `/secfix explain`: the findings, the plan, then the evidence (gates, risk, approval, merge) as recorded. */
export function renderFixExplanation(input: { attempt: FixAttempt | null; findings: Finding[]; headSha: string | null; now: string }): string {
  const { attempt, findings, now } = input;
  const lines = ["### Finding" + (findings.length === 1 ? "" : "s"), "", ...findings.map((finding) => renderFindingSummary(finding, now)), ""];
  for (const finding of findings) {
    if (finding.triage?.reasons.length) lines.push(`Triage of alert #${finding.alert.alertNumber}: ${finding.triage.reasons.map(escapeMarkdownQuiet).join(" ")}`, "");
    const advisory = finding.alert.advisory;
    if (advisory) lines.push(`Advisory ${codeSpan(advisory.ghsaId)}${advisory.cveId ? ` (${codeSpan(advisory.cveId)})` : ""}: ${escapeMarkdownQuiet(advisory.summary)}; vulnerable ${codeSpan(advisory.vulnerableRange ?? "?")}, patched in ${codeSpan(advisory.firstPatchedVersion ?? "no release yet")}`, "");
  }
  if (!attempt) {
    lines.push("No fix has been planned for this finding yet.");
    return lines.join("\n");
  }
  lines.push(...renderPlan(attempt), "");
  const head = input.headSha ?? attempt.pullRequest?.headSha ?? null;
  if (head) lines.push(renderEvidence(attempt, head).replace(/^## secfix evidence\n/, "### Evidence\n"));
  return lines.join("\n");
}
