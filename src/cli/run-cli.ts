import { createDependencyPatchers } from "../pipeline/dependency-patchers.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { AUDIT_HELP, auditCommand } from "./audit-command.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { FINDINGS_HELP, findingsCommand } from "./findings-command.js";
import { FIX_HELP, fixCommand } from "./fix-command.js";
import { JOBS_HELP, jobsCommand } from "./jobs-command.js";
import { PATTERNS_HELP, patternsCommand } from "./patterns-command.js";
import { REPORT_HELP, reportCommand } from "./report-command.js";

export const HELP = `Usage: secfix <command> [options]

Commands:
  findings [--repo owner/name] [--state S] [--json]   list tracked findings with severity, state and SLA due
  report [--installation ID] [--repo owner/name] [--since 30d] [--json]
                                                       time to resolution, patch success, SLA compliance
  audit verify                                         check the audit log's hash chain (exit 1 on a break)
  audit export [--since TIME]                          write the audit log as JSON lines
  jobs [--state S] [--retry ID]                        show the job queue; requeue a dead job
  patterns [--json]                                    rules whose AI fixes were approved
  fix --dir <checkout> --alert <alert.json> [--dry-run]
                                                       fix one Dependabot alert in a local checkout

The store is the app's: DATABASE_URL, or ./data/secfix.db when unset.
Run "secfix <command> --help" for a command's options.

${FINDINGS_HELP}
${REPORT_HELP}
${AUDIT_HELP}
${JOBS_HELP}
${PATTERNS_HELP}
${FIX_HELP}`;

/** Runs one command and returns its exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: string[], io: CliIo, open: (env: NodeJS.ProcessEnv) => Promise<Store> = (env) => openStore({ databaseUrl: env.DATABASE_URL })): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "fix") {
    // Works on a checkout, not on the app's store.
    try {
      return await fixCommand(args, io, createDependencyPatchers(io.env));
    } catch (error) {
      return usageOrFailure(command, error, io);
    }
  }
  if (!["findings", "report", "audit", "jobs", "patterns"].includes(command)) {
    io.err(`secfix: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  let store: Store | null = null;
  try {
    store = await open(io.env);
    const now = new Date();
    if (command === "findings") return await findingsCommand(args, store, io, now);
    if (command === "report") return await reportCommand(args, store, io, now);
    if (command === "audit") return await auditCommand(args, store, io);
    if (command === "patterns") return await patternsCommand(args, store, io);
    return await jobsCommand(args, store, io, now);
  } catch (error) {
    return usageOrFailure(command, error, io);
  } finally {
    await store?.close();
  }
}

function usageOrFailure(command: string, error: unknown, io: CliIo): number {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    io.err(`secfix ${command}: ${(error as Error).message}\nRun "secfix ${command} --help" for usage.\n`);
    return 2;
  }
  io.err(`secfix ${command}: ${(error as Error).message}\n`);
  return 1;
}
