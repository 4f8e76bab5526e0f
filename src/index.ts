import type { ApplicationFunctionOptions, Probot } from "probot";
import { createApp } from "./app.js";
import { Worker } from "./jobs/worker.js";
import { getAppIdentity, type AppIdentity } from "./github/app-identity.js";
import { createDependencyPatchers, createPackageLookup } from "./pipeline/dependency-patchers.js";
import { createJobHandlers } from "./pipeline/job-handlers.js";
import { createLlmFixers } from "./pipeline/llm-fixers.js";
import { JOB_KINDS, pruneJob } from "./pipeline/job-payloads.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/store.js";
import { createStatusHandler } from "./web/status-handler.js";

export interface SecfixRuntime {
  store: Store;
  worker: Worker;
  /** Lets the running job finish, then closes the store. */
  stop(): Promise<void>;
}

export interface SecfixOptions {
  databaseUrl?: string | undefined;
  clock?: () => Date;
  /** Replay mode (`probot receive`): run the queued jobs, then close. */
  replay?: boolean;
}

/**
 * Opens the store (SQLite under ./data unless DATABASE_URL says otherwise), maps webhooks to the
 * pipeline, and runs the job worker in this process.
 */
export async function startSecfix(app: Probot, options: ApplicationFunctionOptions, settings: SecfixOptions = {}): Promise<SecfixRuntime> {
  const log = app.log.child({ name: "secfix" });
  const clock = settings.clock ?? (() => new Date());
  const store = await openStore({ databaseUrl: settings.databaseUrl, log, clock });
  createApp({ store, clock, appId: Number(process.env.APP_ID) || null })(app);

  let identity: Promise<AppIdentity> | null = null;
  const handlers = createJobHandlers({
      store,
      github: (installationId) => app.auth(installationId),
      clock,
      log: log.child({ name: "jobs" }),
      dependencyPatcher: createDependencyPatchers(process.env),
      llmFixer: createLlmFixers(process.env),
      // Asked once: the app's own id and bot login never change while it runs.
      appIdentity: () => (identity ??= app.auth().then((octokit) => getAppIdentity(octokit)).catch((error: unknown) => {
        identity = null;
        throw error;
      })),
      packageVersionExists: createPackageLookup(process.env),
  });
  const worker = new Worker({ store, handlers, log: log.child({ name: "worker" }), clock });
  // A person waiting on a `/secfix` command must not wait behind a long fix pass: commands also
  // have a worker of their own (both claim from the same queue, so each job still runs once).
  const commandWorker = new Worker({ store, handlers, kinds: [JOB_KINDS.runCommand], log: log.child({ name: "command-worker" }), clock });
  const stop = async () => {
    await Promise.all([worker.stop(), commandWorker.stop()]);
    await store.close();
  };

  if (settings.replay) {
    void drainAndClose(worker, store, log);
    return { store, worker, stop };
  }
  try {
    options.addHandler(createStatusHandler(store));
  } catch {
    // Without a server of Probot's there is no status page; webhooks still reach the app.
  }
  // Schedules the daily clean-up; a no-op when one is already queued.
  await store.transaction((tx) => tx.enqueueJob(pruneJob(clock().toISOString()), clock().toISOString()));
  worker.start();
  commandWorker.start();
  log.info({ database: store.kind }, "secfix is running");
  return { store, worker, stop };
}

/** The Probot entry (`probot run ./lib/index.js`). */
export default async function secfix(app: Probot, options: ApplicationFunctionOptions): Promise<void> {
  const runtime = await startSecfix(app, options, {
    databaseUrl: process.env.DATABASE_URL,
    // `probot receive` replays one payload and should exit once its jobs are done.
    replay: process.argv[2] === "receive",
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void runtime.stop().finally(() => process.exit(0)));
  }
}

/** Runs the replayed event's jobs to the end, then closes the store so the process can exit. */
async function drainAndClose(worker: Worker, store: Store, log: Probot["log"]): Promise<void> {
  // The replayed event is delivered just after the app loads; poll until the queue stays empty.
  let idleRounds = 0;
  while (idleRounds < 3) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ran = await worker.runUntilIdle();
    idleRounds = ran > 0 ? 0 : idleRounds + 1;
  }
  const counts = await store.read((reader) => reader.countJobs());
  if (counts.queued > 0) log.warn({ queued: counts.queued }, "jobs wait for a retry; start the app (npm start) to run them");
  if (counts.dead > 0) log.error({ dead: counts.dead }, "jobs failed for good; see `npx secfix jobs --state dead`");
  await store.close();
}
