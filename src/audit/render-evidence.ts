import type { FixAttempt } from "../domain/fix-attempt.js";
import type { GatesOutcome, GateVerdict } from "../domain/gate-verdict.js";
import { codeSpan, escapeMarkdownQuiet as escapeMarkdown } from "../domain/markdown.js";
import { renderRisk } from "../risk/assess-risk.js";
import { unmetRequirements } from "../risk/approval-requirements.js";
import { renderGatesSummary } from "./render-gates.js";

const STATE_WORDS: Record<string, string> = {
  proposed: "proposed",
  gating: "waiting for the gates",
  gate_failed: "a gate failed",
  awaiting_approval: "waiting for approval",
  merging: "cleared to merge",
  deploying: "merged",
  resolved: "resolved",
};

/** What `/secfix retry` does for a fix whose gates failed. */
export function retryHint(attempt: FixAttempt): string {
  return attempt.branchForeign
    ? "Comment `/secfix retry` to have secfix start the fix again from the current base on a branch of its own; this pull request stays yours."
    : "Comment `/secfix retry` to have secfix re-plan the fix from the current base and alert, push a new commit here, and run the gates again.";
}

/**
 * secfix's one comment on a fix PR: state, gates, risk, approval and merge, in one place, edited
 * as the fix moves on. Each section renders from what the attempt records, nothing else.
 */
export function renderEvidence(attempt: FixAttempt, headSha: string): string {
  const lines: string[] = [];
  lines.push(`## secfix evidence`, "");
  lines.push(`**State:** ${STATE_WORDS[attempt.state] ?? attempt.state} · head ${codeSpan(headSha.slice(0, 12))}`);
  if (attempt.reason) lines.push(`**Note:** ${escapeMarkdown(attempt.reason)}`);
  lines.push("");
  const gates = attempt.gates;
  if (gates) {
    const rendered = renderGatesSummary({ outcome: gates.outcome as GatesOutcome, verdicts: gates.verdicts as GateVerdict[], headSha: gates.headSha, maxBytes: 45_000 });
    lines.push(`### Gates: ${escapeMarkdown(rendered.title)}`, "", rendered.summary, "");
    if (gates.outcome === "failed") lines.push(retryHint(attempt), "");
  }
  if (attempt.risk) lines.push(renderRisk(attempt.risk), "");
  const approval = attempt.approval;
  if (approval && approval.requirements.length > 0) {
    const unmet = new Set(unmetRequirements(approval, headSha).map((requirement) => requirement.reason));
    lines.push("### Approval", "");
    for (const requirement of approval.requirements) {
      const who = requirement.teams.length > 0 ? requirement.teams.map((team) => `@${escapeMarkdown(team)}`).join(", ") : "anyone with write access";
      const grant = approval.grants.find((g) => g.sha === headSha && g.reasons.includes(requirement.reason));
      const status = unmet.has(requirement.reason) ? "⏳ waiting" : `✅ approved by ${escapeMarkdown(grant?.by ?? "?")}`;
      lines.push(`- ${status}: ${escapeMarkdown(requirement.detail)} (from ${who})`);
    }
    lines.push(`- Enforced by: ${approval.enforcement.ruleset ? "the `secfix/approval` check and a repository ruleset" : "the `secfix/approval` check"}. ${escapeMarkdown(approval.enforcement.note)}`);
    lines.push("- An approval counts for the commit it approves; a later push needs a new one.", "");
  }
  if (attempt.merge) {
    lines.push("### Merge", "", `- ${escapeMarkdown(attempt.merge.note)}`, "");
  }
  lines.push(`<sub>Every step is in secfix's audit log under ${codeSpan(`fix:${attempt.id}`)} (\`secfix audit export\`).</sub>`);
  return lines.join("\n");
}
