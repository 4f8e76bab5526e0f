import { parseArgs } from "node:util";
import type { JobState } from "../domain/job.js";
import type { Store } from "../store/store.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { formatTable } from "./format-table.js";

export const JOBS_HELP = `Usage: secfix jobs [--state queued|running|done|dead] [--retry ID]

Shows the job queue with attempts and last errors.
  --state   only jobs in this state (default: all but done)
  --retry   puts a dead job back in the queue
`;

const STATES: JobState[] = ["queued", "running", "done", "dead"];

export async function jobsCommand(args: string[], store: Store, io: CliIo, now: Date): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { state: { type: "string" }, retry: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    io.out(JOBS_HELP);
    return 0;
  }
  if (values.retry !== undefined) {
    const id = Number(values.retry);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--retry takes a job id, got "${values.retry}"`);
    const requeued = await store.requeueJob(id, now.toISOString());
    if (!requeued) {
      io.err(`job ${id} is not dead, or does not exist; nothing requeued\n`);
      return 1;
    }
    io.out(`job ${id} queued again\n`);
    return 0;
  }
  const state = values.state as JobState | undefined;
  if (state !== undefined && !STATES.includes(state)) throw new UsageError(`--state takes one of ${STATES.join(", ")}, got "${state}"`);
  const jobs = await store.read(async (reader) =>
    state ? reader.listJobs(state) : (await reader.listJobs()).filter((job) => job.state !== "done"),
  );
  const counts = await store.read((reader) => reader.countJobs());
  io.out(`queued ${counts.queued}, running ${counts.running}, done ${counts.done}, dead ${counts.dead}\n`);
  if (jobs.length === 0) return 0;
  io.out(
    formatTable(
      ["ID", "KIND", "STATE", "ATTEMPTS", "RUN AT", "LAST ERROR"],
      jobs.map((job) => [String(job.id), job.kind, job.state, `${job.attempts}/${job.maxAttempts}`, job.runAt, (job.lastError ?? "").split("\n")[0]!.slice(0, 100)]),
    ),
  );
  return 0;
}
