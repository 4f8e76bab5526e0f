import { parseArgs } from "node:util";
import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { severityRank } from "../domain/severity.js";
import type { Store } from "../store/store.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { formatTable } from "./format-table.js";

export const FINDINGS_HELP = `Usage: secfix findings [--repo owner/name] [--state open|fixed|dismissed] [--json]

Lists tracked findings, most urgent first: severity, priority, state, decision, SLA due time and
the fix (its state and pull request).
  --repo    only this repository
  --state   only findings in this state
  --json    one JSON array of full findings instead of a table
`;

function slaText(finding: Finding, now: Date): string {
  const due = finding.triage?.slaDueAt;
  if (!due) return "-";
  if (finding.alert.state === "open" && Date.parse(due) < now.getTime()) return `${due} (overdue)`;
  return due;
}

function fixText(attempt: FixAttempt | undefined): string {
  if (!attempt) return "-";
  return attempt.pullRequest ? `${attempt.state} #${attempt.pullRequest.number}` : attempt.state;
}

function urgency(a: Finding, b: Finding): number {
  const open = Number(b.alert.state === "open") - Number(a.alert.state === "open");
  if (open !== 0) return open;
  const severity = severityRank(b.triage?.severity ?? b.alert.severity ?? "none") - severityRank(a.triage?.severity ?? a.alert.severity ?? "none");
  if (severity !== 0) return severity;
  return (a.triage?.slaDueAt ?? "9999").localeCompare(b.triage?.slaDueAt ?? "9999");
}

export async function findingsCommand(args: string[], store: Store, io: CliIo, now: Date): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { repo: { type: "string" }, state: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    io.out(FINDINGS_HELP);
    return 0;
  }
  if (values.repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(values.repo)) throw new UsageError(`--repo takes owner/name, got "${values.repo}"`);
  const state = values.state;
  if (state !== undefined && state !== "open" && state !== "fixed" && state !== "dismissed") {
    throw new UsageError(`--state takes open, fixed or dismissed, got "${state}"`);
  }
  const { findings, fixes } = await store.read(async (reader) => {
    const findings = (
      await reader.listFindings({ ...(values.repo !== undefined && { repository: values.repo }), ...(state !== undefined && { state }) })
    ).sort(urgency);
    const fixes = new Map<string, FixAttempt>();
    for (const repositoryId of new Set(findings.map((finding) => finding.repository.id))) {
      for (const attempt of await reader.listFixAttempts({ repositoryId })) {
        for (const id of attempt.findingIds) fixes.set(id, attempt);
      }
    }
    return { findings, fixes };
  });

  if (values.json) {
    io.out(JSON.stringify(findings.map((finding) => ({ ...finding, fix: fixes.get(finding.id) ?? null })), null, 2) + "\n");
    return 0;
  }
  if (findings.length === 0) {
    io.out("No findings.\n");
    return 0;
  }
  const rows = findings.map((finding) => [
    finding.repository.fullName,
    `${finding.alert.source === "dependabot" ? "dependabot" : "code-scanning"}#${finding.alert.alertNumber}`,
    finding.triage?.severity ?? finding.alert.severity ?? "pending",
    finding.triage?.priority ?? "-",
    finding.alert.state,
    finding.triage?.decision ?? "pending",
    slaText(finding, now),
    fixText(fixes.get(finding.id)),
    finding.alert.title.length > 60 ? `${finding.alert.title.slice(0, 57)}...` : finding.alert.title,
  ]);
  io.out(formatTable(["REPOSITORY", "ALERT", "SEVERITY", "PRIORITY", "STATE", "DECISION", "SLA DUE", "FIX", "TITLE"], rows));
  return 0;
}
