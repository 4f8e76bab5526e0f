import type { DependencyFixItem, DependencyFixPlan } from "../domain/dependency-fix-plan.js";
import type { DependencyPatchOutcome } from "../domain/dependency-fix.js";
import { codeSpan, escapeMarkdown } from "../domain/markdown.js";
import { versionDelta, type VersionDelta } from "../domain/version-delta.js";

export type PatchedOutcome = Extract<DependencyPatchOutcome, { status: "patched" }>;

export interface PatchedItem {
  item: DependencyFixItem;
  outcome: PatchedOutcome;
}

/** The marker that lets secfix find its own PR body and plan again; never shown. */
export function planMarker(plan: DependencyFixPlan): string {
  return `<!-- secfix:plan ${plan.key.replace(/--/g, "-")} -->`;
}

const DELTA_NOTE: Record<VersionDelta, string> = {
  major: "**major**: may break your code; review the changelog before merging",
  minor: "minor",
  patch: "patch",
  none: "none",
};

export function fixPullRequestTitle(plan: DependencyFixPlan, patched: readonly PatchedItem[]): string {
  if (patched.length === 1) {
    const { outcome } = patched[0]!;
    const directory = directoryOf(patched[0]!.item.manifestPath);
    return `fix(deps): bump ${outcome.packageName} from ${outcome.fromVersion} to ${outcome.toVersion}${directory ? ` in /${directory}` : ""} [security]`;
  }
  return `fix(deps): bump ${patched.length} ${plan.ecosystem} packages [security]`;
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function advisoryRows(item: DependencyFixItem, cvss: ReadonlyMap<string, number | null>, summaries: ReadonlyMap<string, string>): string[] {
  return item.vulnerabilities.map((v) => {
    const link = `[${v.ghsaId}](https://github.com/advisories/${encodeURIComponent(v.ghsaId)})`;
    const score = cvss.get(v.ghsaId);
    return `| ${link} | ${v.cveId ? escapeMarkdown(v.cveId) : "-"} | ${escapeMarkdown(v.severity)} | ${score ?? "-"} | ${escapeMarkdown(summaries.get(v.ghsaId) ?? "")} | ${codeSpan(v.range)} | ${v.firstPatchedVersion ? codeSpan(v.firstPatchedVersion) : "none published"} |`;
  });
}

export interface FixPullRequestContext {
  /** CVSS scores and summaries by GHSA id, from the findings. */
  cvss: ReadonlyMap<string, number | null>;
  summaries: ReadonlyMap<string, string>;
  /** Items the plan could not fix, with the reason (they stay open). */
  unfixed: { item: DependencyFixItem; reason: string }[];
}

/** The PR body: what is fixed, how, how risky the bump is, which files change, how to talk to secfix. */
export function fixPullRequestBody(plan: DependencyFixPlan, patched: readonly PatchedItem[], context: FixPullRequestContext): string {
  const lines: string[] = [];
  lines.push(`secfix opened this pull request to fix ${patched.reduce((n, p) => n + p.item.vulnerabilities.length, 0)} security advisor${patched.length === 1 && patched[0]!.item.vulnerabilities.length === 1 ? "y" : "ies"} in ${codeSpan(plan.repository.fullName)}.`, "");
  for (const { item, outcome } of patched) {
    const delta = versionDelta(outcome.fromVersion, outcome.toVersion);
    lines.push(`### ${codeSpan(outcome.packageName)} ${codeSpan(outcome.fromVersion)} → ${codeSpan(outcome.toVersion)}`, "");
    lines.push(`- **Manifest:** ${codeSpan(item.manifestPath)} (${item.scope === "unknown" ? "scope unknown" : `${item.scope} dependency`})`);
    lines.push(`- **Relationship:** ${outcome.relationship}${outcome.chain.length > 0 ? `, dependency chain ${outcome.chain.map(codeSpan).join(" ← ")}` : ""}`);
    if (outcome.parentBump) {
      lines.push(`- **Fixed by bumping the parent** ${codeSpan(outcome.parentBump.name)} ${codeSpan(outcome.parentBump.fromVersion)} → ${codeSpan(outcome.parentBump.toVersion)}`);
    }
    lines.push(`- **Version change:** ${DELTA_NOTE[delta]}${delta === "major" ? " ⚠️" : ""}`);
    lines.push(`- **Strategy:** ${codeSpan(outcome.strategy)}`);
    for (const sentence of outcome.explanation) lines.push(`  - ${escapeMarkdown(sentence)}`);
    lines.push("", "| Advisory | CVE | Severity | CVSS | Summary | Vulnerable | Fixed in |", "| --- | --- | --- | --- | --- | --- | --- |");
    lines.push(...advisoryRows(item, context.cvss, context.summaries), "");
  }
  if (context.unfixed.length > 0) {
    lines.push("### Not fixed by this pull request", "");
    for (const { item, reason } of context.unfixed) lines.push(`- ${codeSpan(item.packageName)} in ${codeSpan(item.manifestPath)}: ${escapeMarkdown(reason)}`);
    lines.push("");
  }
  const files = [...new Set(patched.flatMap((p) => p.outcome.files.map((file) => file.path)))].sort();
  lines.push("### Files changed", "", ...files.map((file) => `- ${codeSpan(file)}`), "");
  lines.push(
    "### Talk to secfix",
    "",
    "Comment on this pull request: `/secfix explain` (why this fix), `/secfix status` (where it stands), `/secfix retry` (compute it again), `/secfix help`.",
    "secfix stops updating this branch as soon as someone else pushes to it.",
    "",
    planMarker(plan),
  );
  return lines.join("\n");
}

/** The `secfix` check run on the fix commit: the plan in short. */
export function fixCheckRunSummary(plan: DependencyFixPlan, patched: readonly PatchedItem[]): { title: string; summary: string } {
  const rows = patched.map(
    ({ item, outcome }) =>
      `| ${codeSpan(outcome.packageName)} | ${codeSpan(outcome.fromVersion)} → ${codeSpan(outcome.toVersion)} | ${versionDelta(outcome.fromVersion, outcome.toVersion)} | ${codeSpan(outcome.strategy)} | ${item.vulnerabilities.map((v) => v.ghsaId).join(", ")} |`,
  );
  return {
    title: patched.length === 1 ? `Fix planned: ${patched[0]!.outcome.packageName} → ${patched[0]!.outcome.toVersion}` : `Fix planned: ${patched.length} packages`,
    summary: [`Plan ${codeSpan(plan.key)} (grouping: ${plan.grouping}).`, "", "| Package | Change | Delta | Strategy | Advisories |", "| --- | --- | --- | --- | --- |", ...rows].join("\n"),
  };
}
