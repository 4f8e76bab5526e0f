import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/app.js";
import { Worker } from "../../src/jobs/worker.js";
import type { AppIdentity } from "../../src/github/app-identity.js";
import { createDependencyPatchers, createPackageLookup } from "../../src/pipeline/dependency-patchers.js";
import { createJobHandlers } from "../../src/pipeline/job-handlers.js";
import { SLA_CHECK_KIND } from "../../src/pipeline/job-payloads.js";
import { createLlmFixers } from "../../src/pipeline/llm-fixers.js";
import type { PipelineDeps } from "../../src/pipeline/pipeline-deps.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";

export interface TestApp {
  probot: Probot;
  store: Store;
  worker: Worker;
  clock: TestClock;
  databaseFile: string;
  /** Opens a second store and worker on the same file, as a restarted process would. */
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

export interface TestClock {
  (): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function createTestClock(start = "2026-11-25T12:00:00.000Z"): TestClock {
  let now = Date.parse(start);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** Octokit with Probot's plugins but without retry and throttling waits, so tests see each request once. */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export const silentLog = pino({ level: "silent" });

/**
 * The app the tests run as. Production asks GitHub once (`GET /app`, tested on its own in
 * test/github/app-identity.test.ts); tests fix it so every fake PR can be authored by it.
 */
export const TEST_APP_IDENTITY: AppIdentity = { appId: 90210, slug: "secfix", botLogin: "secfix[bot]" };

/**
 * The app as production wires it (Probot, SQLite file, worker, job handlers), with GitHub
 * reached through nock and a clock the test controls.
 */
export async function createTestApp(
  options: {
    databaseFile?: string;
    clock?: TestClock;
    probot?: Probot;
    dependencyPatcher?: PipelineDeps["dependencyPatcher"];
    llmFixer?: PipelineDeps["llmFixer"];
    packageVersionExists?: PipelineDeps["packageVersionExists"];
    /** Job kinds the worker leaves alone, for tests that cover one stage of the pipeline only. */
    skipJobKinds?: string[];
    /**
     * Run the SLA clock's timers. Off unless asked: the example alerts are years old, so their
     * timers would open breach issues in every test that syncs one.
     */
    slaClock?: boolean;
  } = {},
): Promise<TestApp> {
  const directory = options.databaseFile ? null : mkdtempSync(path.join(tmpdir(), "secfix-test-"));
  const databaseFile = options.databaseFile ?? path.join(directory!, "secfix.db");
  const clock = options.clock ?? createTestClock();
  const store = await openStore({ databaseUrl: databaseFile, clock });
  const probot = options.probot ?? new Probot({ githubToken: "test-token", log: silentLog, Octokit: TestOctokit });
  await probot.load(createApp({ store, clock, appId: TEST_APP_IDENTITY.appId }), { addHandler: () => undefined, cwd: process.cwd() });
  const handlers = createJobHandlers({
      store,
      github: (id) => probot.auth(id),
      clock,
      log: silentLog,
      dependencyPatcher: options.dependencyPatcher ?? createDependencyPatchers({}),
      llmFixer: options.llmFixer ?? createLlmFixers({}),
      appIdentity: async () => TEST_APP_IDENTITY,
      packageVersionExists: options.packageVersionExists ?? createPackageLookup({}),
  });
  const worker = new Worker({
    store,
    handlers,
    kinds: Object.keys(handlers).filter((kind) => !(options.skipJobKinds ?? []).includes(kind) && (options.slaClock || kind !== SLA_CHECK_KIND)),
    log: silentLog,
    clock,
  });
  const app: TestApp = {
    probot,
    store,
    worker,
    clock,
    databaseFile,
    restart: async () => {
      await worker.stop();
      await store.close();
      return createTestApp({ ...options, databaseFile, clock });
    },
    close: async () => {
      await worker.stop();
      await store.close();
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
  return app;
}
