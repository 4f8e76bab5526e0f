import { parseArgs } from "node:util";
import { DURATION_PATTERN, durationMs } from "../config/config.schema.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { buildReport } from "../report/build-report.js";
import { renderReport } from "../report/render-report.js";
import type { Store } from "../store/store.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { formatTable } from "./format-table.js";

export const REPORT_HELP = `Usage: secfix report [--installation ID] [--repo owner/name] [--since TIME|30d] [--until TIME]
                     [--baseline 7d] [--json]

Reports on a period: findings by severity and state, time to resolution (median, p90), patch
success rate, SLA compliance, and the reduction in time to resolution against the manual baseline:
the repositories' own alerts fixed before secfix's first backfill, or --baseline when they have none.
  --installation  only this installation
  --repo          only this repository
  --since         start of the period: an ISO date or time (UTC unless it says otherwise), or a
                  duration before --until (30d, 12h, 90m); default: everything recorded
  --until         end of the period, excluded: an ISO date or time; default: now
  --baseline      the manual time to resolution to compare against where there is no history (e.g. 7d)
  --json          the report as one JSON object instead of tables
`;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO date or date-time; a time without an offset is read as UTC, like a date alone is. */
function parseTime(value: string, option: string): Date {
  const match = ISO_TIME.exec(value);
  const withZone = match && value.length > 10 && match[1] === undefined ? `${value}Z` : value;
  const time = match ? new Date(withZone) : null;
  if (!time || Number.isNaN(time.getTime())) {
    throw new UsageError(`${option} takes an ISO date or time like 2026-11-01 or 2026-11-01T09:00Z${option === "--since" ? ", or a duration like 30d" : ""}; got "${value}"`);
  }
  return time;
}

function parseDuration(value: string, option: string): number {
  if (!DURATION_PATTERN.test(value)) throw new UsageError(`${option} takes a duration like 30m, 24h or 7d; got "${value}"`);
  return durationMs(value);
}

export async function reportCommand(args: string[], store: Store, io: CliIo, now: Date): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      installation: { type: "string" },
      repo: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      baseline: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.out(REPORT_HELP);
    return 0;
  }
  if (values.installation !== undefined && !/^[1-9]\d*$/.test(values.installation)) {
    throw new UsageError(`--installation takes an installation id (a number), got "${values.installation}"`);
  }
  if (values.repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(values.repo)) throw new UsageError(`--repo takes owner/name, got "${values.repo}"`);
  const until = values.until === undefined ? now : parseTime(values.until, "--until");
  let since: Date | null = null;
  if (values.since !== undefined) {
    since = DURATION_PATTERN.test(values.since) ? new Date(until.getTime() - durationMs(values.since)) : parseTime(values.since, "--since");
    if (since.getTime() >= until.getTime()) {
      throw new UsageError(`--since (${since.toISOString()}) must be before --until (${until.toISOString()})`);
    }
  }
  const configuredBaselineMs = values.baseline === undefined ? null : parseDuration(values.baseline, "--baseline");
  const installationId = values.installation === undefined ? undefined : Number(values.installation);
  const scope = { ...(installationId !== undefined && { installationId }), ...(values.repo !== undefined && { repository: values.repo }) };

  const { findings, attempts, baseline } = await store.read(async (reader) => {
    const findings = await reader.listFindings(scope);
    const attempts: FixAttempt[] = [];
    for (const repositoryId of new Set(findings.map((finding) => finding.repository.id))) {
      const found = await reader.listFixAttempts({ repositoryId });
      attempts.push(...found.filter((attempt) => installationId === undefined || attempt.installationId === installationId));
    }
    return { findings, attempts, baseline: await reader.listBaselineSamples(scope) };
  });
  const report = buildReport({
    findings,
    attempts,
    baseline,
    scope: { installationId: installationId ?? null, repository: values.repo ?? null },
    period: { since: since?.toISOString() ?? null, until: until.toISOString() },
    configuredBaselineMs,
  });
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, formatTable));
  return 0;
}
