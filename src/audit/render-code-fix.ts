import { structuredPatch } from "diff";
import type { CodeAlert } from "../domain/code-fix.js";
import type { FileChange } from "../domain/dependency-fix.js";
import { codeSpan, escapeMarkdown } from "../domain/markdown.js";
import { stripHiddenUnicode } from "../domain/hidden-unicode.js";
import { redactText } from "./redact-secrets.js";

export interface CodeFixSummary {
  alert: CodeAlert;
  alertUrl: string;
  repository: string;
  baseSha: string;
  strategy: "recipe" | "autofix" | "llm";
  source: string;
  explanation: string;
  changes: readonly FileChange[];
  diff: string;
  rejected: { strategy: string; source: string | null; reason: string }[];
  tokens?: { prompt: number; completion: number };
  /** Set when a model fixed a rule nobody approved yet: the PR waits for these teams. */
  newPatternApprovers: string[] | null;
}

/** Recipe families in words, for titles: "prevent SQL injection". */
const FAMILY_PHRASES: Record<string, string> = {
  "sql-injection": "prevent SQL injection",
  "command-injection": "prevent command injection",
  "path-traversal": "prevent path traversal",
  "prototype-pollution": "prevent prototype pollution",
  xss: "prevent cross-site scripting",
};

/** Text for a one-line title: no control characters, no newlines, bounded. */
function titleText(text: string, max = 72): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function codeFixTitle(summary: Pick<CodeFixSummary, "alert" | "strategy" | "source">): string {
  const phrase = summary.strategy === "recipe" ? FAMILY_PHRASES[summary.source] : undefined;
  return `fix(security): ${phrase ?? `fix ${titleText(summary.alert.ruleId, 60)}`} in ${titleText(summary.alert.path, 80)}`;
}

/** A code fence longer than any run of backticks inside, so the diff cannot close it early. */
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

const STRATEGY_WORDS = { recipe: "a deterministic recipe", autofix: "GitHub's Copilot Autofix", llm: "an AI model" } as const;

/**
 * A PR body is read by everyone with access and copied into notifications and mail: secrets that
 * sit in the file (even as diff context) are redacted, and hidden Unicode cannot hide in it.
 */
function publicText(text: string): string {
  return stripHiddenUnicode(redactText(text)).text;
}

export function codeFixBody(raw: CodeFixSummary): string {
  const summary: CodeFixSummary = {
    ...raw,
    diff: publicText(raw.diff),
    explanation: publicText(raw.explanation),
    alert: { ...raw.alert, message: publicText(raw.alert.message) },
  };
  const { alert } = summary;
  const where = `${alert.path}#L${alert.startLine}${alert.endLine !== alert.startLine ? `-L${alert.endLine}` : ""}`;
  const lines = [
    `secfix opened this pull request to fix a code scanning alert in ${codeSpan(summary.repository)}.`,
    "",
    "### The alert",
    "",
    `- **Rule:** ${codeSpan(alert.ruleId)}${alert.tool ? ` (${escapeMarkdown(alert.tool)})` : ""}, severity **${escapeMarkdown(alert.severity)}**${alert.cwes.length ? `, ${alert.cwes.map(escapeMarkdown).join(", ")}` : ""}`,
    `- **Location:** [${escapeMarkdown(where)}](https://github.com/${summary.repository}/blob/${summary.baseSha}/${encodeURI(where).replace(/%23/g, "#")})`,
    `- **Alert:** ${summary.alertUrl}`,
    `- **What the scanner saw:** ${escapeMarkdown(alert.message)}`,
    "",
    "### The fix",
    "",
    escapeMarkdown(summary.explanation),
    "",
    `- **Strategy:** ${STRATEGY_WORDS[summary.strategy]} (${codeSpan(summary.source)})${summary.tokens ? `, ${summary.tokens.prompt + summary.tokens.completion} tokens` : ""}`,
  ];
  if (summary.rejected.length > 0) {
    lines.push("- **Tried first and rejected:**");
    for (const candidate of summary.rejected) lines.push(`  - ${candidate.strategy}${candidate.source ? ` (${codeSpan(candidate.source)})` : ""}: ${escapeMarkdown(candidate.reason)}`);
  }
  if (summary.newPatternApprovers) {
    lines.push(
      "",
      "### Waiting for a pattern approval",
      "",
      `An AI model wrote this fix for ${codeSpan(alert.ruleId)}, a rule no one has approved AI fixes for yet. ${summary.newPatternApprovers.length ? `Review requested from ${summary.newPatternApprovers.map(codeSpan).join(", ")}.` : "Ask a maintainer to review it."} The ${codeSpan("secfix/approval")} check stays blocking until an approver approves; once this pull request merges, later AI fixes for the rule follow the normal path.`,
    );
  }
  lines.push(
    "",
    "### Diff",
    "",
    fenced("diff", summary.diff),
    "",
    "### Talk to secfix",
    "",
    "Comment on this pull request: `/secfix explain` (why this fix), `/secfix status` (where it stands), `/secfix retry` (compute it again), `/secfix help`.",
    "secfix stops updating this branch as soon as someone else pushes to it.",
    "",
    `<!-- secfix:alert ${alert.ruleId.replace(/--/g, "-")} -->`,
  );
  return lines.join("\n");
}

/** Notice annotations on the lines the fix changed, so a reviewer sees them in "Files changed". */
export function changedLineAnnotations(changes: readonly FileChange[], message: string) {
  const annotations: { path: string; start_line: number; end_line: number; annotation_level: "notice"; message: string; title: string }[] = [];
  for (const change of changes) {
    if (change.after === null) continue;
    const patch = structuredPatch(change.path, change.path, change.before ?? "", change.after, undefined, undefined, { context: 0 });
    for (const hunk of patch.hunks) {
      const start = Math.max(1, hunk.newStart);
      annotations.push({ path: change.path, start_line: start, end_line: Math.max(start, hunk.newStart + hunk.newLines - 1), annotation_level: "notice", message, title: "Changed by secfix" });
    }
  }
  return annotations;
}
