import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { codeSpan, escapeMarkdownQuiet } from "../domain/markdown.js";
import { formatDuration } from "../gates/format-duration.js";
import { unmetRequirements } from "../risk/approval-requirements.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A span as people say it; days from two days on, since `168 hours` reads badly. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 2 * DAY_MS) return formatDuration(ms);
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.round((ms - days * DAY_MS) / HOUR_MS);
  if (hours === 24) return `${days + 1} days`;
  return hours === 0 ? `${days} days` : `${days} days ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** `2026-11-26 12:00 UTC`: a time everyone reads the same way, whatever their zone. */
export function formatInstant(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `Dependabot alert #20` or `code scanning alert #7`. */
export function alertName(finding: Finding): string {
  return `${finding.alert.source === "dependabot" ? "Dependabot" : "code scanning"} alert #${finding.alert.alertNumber}`;
}

/** A link to the alert on GitHub, with its (untrusted) title: `[Dependabot alert #20](…): title`. */
export function alertLink(finding: Finding): string {
  const url = finding.alert.htmlUrl.replace(/[()\s<>]/g, encodeURIComponent);
  return `[${alertName(finding)}](${url}): ${escapeMarkdownQuiet(finding.alert.title)}`;
}

/** The file the alert is about: the alerted code, or the manifest of the vulnerable dependency. */
export function alertedPath(finding: Finding): string | null {
  return finding.alert.source === "dependabot" ? (finding.alert.dependency?.manifestPath ?? finding.alert.location?.path ?? null) : (finding.alert.location?.path ?? null);
}

function pull(attempt: FixAttempt): string {
  return attempt.pullRequest ? `#${attempt.pullRequest.number}` : "its pull request";
}

function because(attempt: FixAttempt): string {
  return attempt.reason ? ` (${escapeMarkdownQuiet(attempt.reason)})` : "";
}

/** What stands between the finding and its fix, from the attempt's state, in a phrase. */
export function fixWaitingFor(attempt: FixAttempt | null): string {
  if (!attempt) return "a fix: secfix has not proposed one for this finding yet";
  if (attempt.deferred) return "a free slot: the repository already has as many open fix pull requests as `max_open_fix_prs` allows";
  switch (attempt.state) {
    case "planned":
    case "patching":
      return "secfix to finish writing the patch";
    case "proposed":
    case "gating":
      return `CI and secfix's gates on ${pull(attempt)}`;
    case "awaiting_approval": {
      const head = attempt.pullRequest?.headSha ?? "";
      const unmet = attempt.approval ? unmetRequirements(attempt.approval, head) : [];
      const teams = [...new Set(unmet.flatMap((requirement) => requirement.teams))];
      return `approval of ${pull(attempt)} by ${teams.length > 0 ? teams.map((team) => codeSpan(team)).join(", ") : "a reviewer with write access"}`;
    }
    case "merging":
      return `the merge of ${pull(attempt)}${attempt.merge ? ` (${escapeMarkdownQuiet(attempt.merge.note)})` : ""}`;
    case "deploying":
      return "the merged fix to reach the default branch's scan, so GitHub closes the alert";
    case "resolved":
      return "GitHub to close the alert";
    case "gate_failed":
      return `a person: a gate failed on ${pull(attempt)}${because(attempt)}; \`/secfix retry\` tries again`;
    case "no_fix":
      return `a person: secfix found no automatic fix${because(attempt)}`;
    case "rolled_back":
    case "dismissed":
    case "superseded":
      return `a new fix: the last attempt ended ${attempt.state.replace("_", " ")}${because(attempt)}`;
  }
}

/** Mentions, in order, without repeats; nothing when there is nobody. */
export function mentionList(mentions: readonly string[]): string {
  return [...new Set(mentions)].join(" ");
}
