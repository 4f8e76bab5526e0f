import type { ApplicationFunctionOptions, Probot } from "probot";
import { createApp } from "./app.js";
import { Worker } from "./jobs/worker.js";
import { createJobHandlers } from "./pipeline/job-handlers.js";
import { openStore } from "./store/open-store.js";
import { createStatusHandler } from "./web/status-handler.js";

/** `probot receive` replays one payload and should exit once its jobs are done. */
function isReplay(): boolean {
  return process.argv[2] === "receive";
}

/**
 * The Probot entry: opens the store (SQLite under ./data unless DATABASE_URL says otherwise),
 * maps webhooks to the pipeline, and runs the job worker in this process.
 */
export default async function secfix(app: Probot, options: ApplicationFunctionOptions): Promise<void> {
  const log = app.log.child({ name: "secfix" });
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, log });
  const clock = () => new Date();
  createApp({ store, clock })(app);

  const worker = new Worker({
    store,
    handlers: createJobHandlers({ store, github: (installationId) => app.auth(installationId), clock, log: log.child({ name: "jobs" }) }),
    log: log.child({ name: "worker" }),
    clock,
  });

  let serving = true;
  try {
    options.addHandler(createStatusHandler(store));
  } catch {
    serving = false; // `probot receive` and serverless middleware have no server of Probot's.
  }

  if (!serving && isReplay()) {
    void drainAndClose(worker, store, log);
    return;
  }
  worker.start();
  const shutdown = async () => {
    await worker.stop();
    await store.close();
  };
  process.once("SIGTERM", () => void shutdown().finally(() => process.exit(0)));
  process.once("SIGINT", () => void shutdown().finally(() => process.exit(0)));
  log.info({ database: store.kind }, "secfix is listening");
}

/** Runs the replayed event's jobs to the end, then lets the process exit. */
async function drainAndClose(worker: Worker, store: Awaited<ReturnType<typeof openStore>>, log: Probot["log"]): Promise<void> {
  // The replayed event is delivered just after the app loads; give its transaction a moment.
  let idleRounds = 0;
  while (idleRounds < 3) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ran = await worker.runUntilIdle();
    idleRounds = ran > 0 ? 0 : idleRounds + 1;
  }
  const counts = await store.read((reader) => reader.countJobs());
  if (counts.queued > 0) log.warn({ queued: counts.queued }, "jobs are waiting to be retried; start the app with npm start to run them");
  if (counts.dead > 0) log.error({ dead: counts.dead }, "some jobs failed for good; see `secfix jobs`");
  await store.close();
}
