import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobInput } from "../../src/domain/job.js";
import { PermanentJobError, RetryLaterError } from "../../src/jobs/job-errors.js";
import { Worker, type JobContext, type JobHandler, type WorkerOptions } from "../../src/jobs/worker.js";
import { openStore } from "../../src/store/open-store.js";
import { LeaseLostError, type DeliveryRecord, type Store } from "../../src/store/store.js";
import { useTempFolders } from "../store/temp-folders.js";
import { deferred } from "./deferred.js";
import { ManualClock } from "./manual-clock.js";
import { RecordingLog } from "./recording-log.js";

const T0 = "2026-11-20T10:00:00.000Z";
const tempFolder = useTempFolders("secfix-jobs-");
const opened: Store[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const store of opened.splice(0)) await store.close();
});

async function storeAt(filename: string, clock?: ManualClock): Promise<Store> {
  const store = await openStore({ databaseUrl: `sqlite:${filename}`, ...(clock && { clock: clock.now }) });
  opened.push(store);
  return store;
}

async function memoryStore(): Promise<Store> {
  const store = await openStore({ databaseUrl: ":memory:" });
  opened.push(store);
  return store;
}

function databaseFile(): string {
  return path.join(tempFolder(), "secfix.db");
}

async function enqueue(store: Store, input: Partial<JobInput> & { kind: string }, now: string): Promise<number> {
  const job = await store.transaction((tx) => tx.enqueueJob({ key: `${input.kind}:${Math.random()}`, payload: {}, ...input }, now));
  if (!job) throw new Error("the test job was coalesced");
  return job.id;
}

function delivery(id: string): DeliveryRecord {
  return { id, event: "check_run", action: "completed", installationId: 1, repository: "Codertocat/Hello-World", receivedAt: T0 };
}

function workerFor(
  store: Store,
  handlers: Record<string, JobHandler>,
  options: Partial<WorkerOptions> & { clock?: () => Date } = {},
): { worker: Worker; log: RecordingLog } {
  const log = new RecordingLog();
  const worker = new Worker({
    store,
    handlers,
    log,
    leaseMs: 60_000,
    pollMs: 100,
    backoff: { baseMs: 1_000, capMs: 60_000, jitter: "none" },
    ...options,
  });
  return { worker, log };
}

async function jobById(store: Store, id: number) {
  return store.read((reader) => reader.getJob(id));
}

describe("Worker", () => {
  it("runs a job enqueued before a restart, from the database file", async () => {
    const clock = new ManualClock(T0);
    const filename = databaseFile();
    const before = await storeAt(filename, clock);
    const id = await enqueue(before, { kind: "sync-alert", key: "alert:3", payload: { alertNumber: 3 } }, clock.iso());
    await before.close();

    const after = await storeAt(filename, clock);
    const seen: unknown[] = [];
    const { worker } = workerFor(after, { "sync-alert": async (job) => void seen.push(job.payload) }, { clock: clock.now });

    expect(await worker.runUntilIdle()).toBe(1);
    expect(seen).toEqual([{ alertNumber: 3 }]);
    expect(await jobById(after, id)).toMatchObject({ state: "done", attempts: 1 });
  });

  it("runs again a job whose worker died mid-run, once the lease has expired", async () => {
    const clock = new ManualClock(T0);
    const filename = databaseFile();
    const crashed = await storeAt(filename, clock);
    const id = await enqueue(crashed, { kind: "sync-alert" }, clock.iso());
    await crashed.claimJob({ now: clock.iso(), leaseMs: 60_000 });
    await crashed.close();

    const after = await storeAt(filename, clock);
    const { worker } = workerFor(after, { "sync-alert": async () => {} }, { clock: clock.now });
    expect(await worker.runUntilIdle()).toBe(0);

    clock.advance(60_000);
    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(after, id)).toMatchObject({ state: "done", attempts: 2 });
  });

  it("retries a failing job with exponential backoff, then parks it dead with its last error", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const id = await enqueue(store, { kind: "flaky", maxAttempts: 3 }, clock.iso());
    const { worker, log } = workerFor(
      store,
      {
        flaky: async () => {
          throw new Error("GitHub answered 502 Bad Gateway");
        },
      },
      { clock: clock.now },
    );

    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(store, id)).toMatchObject({
      state: "queued",
      attempts: 1,
      runAt: "2026-11-20T10:00:01.000Z",
      lastError: expect.stringMatching(/^Error: GitHub answered 502 Bad Gateway\n {2}at /),
    });

    clock.advance(999);
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(store, id)).toMatchObject({ state: "queued", attempts: 2, runAt: "2026-11-20T10:00:03.000Z" });

    clock.advance(2_000);
    expect(await worker.runUntilIdle()).toBe(1);
    const dead = await jobById(store, id);
    expect(dead).toMatchObject({ state: "dead", attempts: 3 });
    expect(dead?.lastError?.split("\n")[0]).toBe("Error: GitHub answered 502 Bad Gateway");
    expect(dead?.lastError?.split("\n").length).toBeLessThanOrEqual(6);

    clock.advance(3_600_000);
    expect(await worker.runUntilIdle()).toBe(0);
    const failures = log.at("error").filter((entry) => entry.message === "job failed");
    expect(failures).toHaveLength(3);
    expect(failures[2]?.fields).toMatchObject({ jobId: id, kind: "flaky", outcome: "dead", err: expect.any(Error) });
  });

  it("parks a job dead at once on a PermanentJobError", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const id = await enqueue(store, { kind: "sync-alert", maxAttempts: 5 }, clock.iso());
    const { worker } = workerFor(
      store,
      {
        "sync-alert": async () => {
          throw new PermanentJobError("job payload has no alertNumber");
        },
      },
      { clock: clock.now },
    );

    expect(await worker.runUntilIdle()).toBe(1);
    const job = await jobById(store, id);
    expect(job).toMatchObject({ state: "dead", attempts: 1 });
    expect(job?.lastError).toMatch(/^PermanentJobError: job payload has no alertNumber/);
  });

  it("waits at least the retry-after of a RetryLaterError, and counts it as an attempt", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const id = await enqueue(store, { kind: "publish", maxAttempts: 2 }, clock.iso());
    const { worker } = workerFor(
      store,
      {
        publish: async () => {
          throw new RetryLaterError("secondary rate limit", 60_000);
        },
      },
      { clock: clock.now },
    );

    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(store, id)).toMatchObject({ state: "queued", attempts: 1, runAt: "2026-11-20T10:01:00.000Z" });
    clock.advance(59_999);
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(store, id)).toMatchObject({ state: "dead", attempts: 2, lastError: expect.stringMatching(/^RetryLaterError: secondary rate limit/) });
  });

  it("keeps the backoff when it is longer than the retry-after", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const id = await enqueue(store, { kind: "publish" }, clock.iso());
    const { worker } = workerFor(
      store,
      {
        publish: async () => {
          throw new RetryLaterError("secondary rate limit", 1_000);
        },
      },
      { clock: clock.now, backoff: { baseMs: 120_000, capMs: 600_000, jitter: "partial", random: () => 0 } },
    );

    await worker.runUntilIdle();

    expect(await jobById(store, id)).toMatchObject({ runAt: "2026-11-20T10:01:00.000Z" });
  });

  it("lets a second worker take over a job whose lease expired, and fences the first worker out", async () => {
    const clock = new ManualClock(T0);
    const filename = databaseFile();
    const storeA = await storeAt(filename, clock);
    const storeB = await storeAt(filename, clock);
    const id = await enqueue(storeA, { kind: "publish" }, clock.iso());

    const aStarted = deferred<JobContext>();
    const aRelease = deferred();
    let aWrite: unknown;
    const a = workerFor(
      storeA,
      {
        publish: async (_job, context) => {
          aStarted.resolve(context);
          await aRelease.promise;
          aWrite = await storeA.transaction((tx) => tx.recordDelivery(delivery("written-by-a")), { lease: context.lease }).catch((error: unknown) => error);
        },
      },
      { clock: clock.now },
    );
    const runA = a.worker.runUntilIdle();
    const contextA = await aStarted.promise;

    clock.advance(60_000);
    const bStarted = deferred();
    const bRelease = deferred();
    const b = workerFor(
      storeB,
      {
        publish: async (_job, context) => {
          bStarted.resolve();
          await bRelease.promise;
          await storeB.transaction((tx) => tx.recordDelivery(delivery("written-by-b")), { lease: context.lease });
        },
      },
      { clock: clock.now },
    );
    const runB = b.worker.runUntilIdle();
    await bStarted.promise;

    aRelease.resolve();
    expect(await runA).toBe(1);
    expect(aWrite).toBeInstanceOf(LeaseLostError);
    await expect(storeA.completeJob(contextA.lease, clock.iso())).rejects.toBeInstanceOf(LeaseLostError);
    expect(a.log.at("warn")).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/lease lost before its outcome was recorded/), fields: expect.objectContaining({ jobId: id }) }),
    );
    expect(await jobById(storeA, id)).toMatchObject({ state: "running", attempts: 2 });

    bRelease.resolve();
    expect(await runB).toBe(1);
    expect(await jobById(storeB, id)).toMatchObject({ state: "done", attempts: 2 });
    expect(await storeA.read((reader) => reader.hasDelivery("written-by-a"))).toBe(false);
    expect(await storeA.read((reader) => reader.hasDelivery("written-by-b"))).toBe(true);
  });

  it("heartbeats so a job running longer than its lease is not taken over", async () => {
    vi.useFakeTimers({ now: new Date(T0) });
    const store = await memoryStore();
    const id = await enqueue(store, { kind: "long" }, new Date().toISOString());
    const started = deferred<JobContext>();
    const release = deferred();
    const { worker } = workerFor(
      store,
      {
        long: async (_job, context) => {
          started.resolve(context);
          await release.promise;
          await store.transaction((tx) => tx.recordDelivery(delivery("written-after-100s")), { lease: context.lease });
        },
      },
      { leaseMs: 30_000 },
    );

    const run = worker.runUntilIdle();
    const context = await started.promise;
    await vi.advanceTimersByTimeAsync(100_000);

    expect(Date.parse(context.lease.expiresAt)).toBeGreaterThan(Date.now());
    expect(await store.claimJob({ now: new Date().toISOString(), leaseMs: 30_000 })).toBeNull();
    release.resolve();
    expect(await run).toBe(1);
    expect(await jobById(store, id)).toMatchObject({ state: "done", attempts: 1 });
    expect(await store.read((reader) => reader.hasDelivery("written-after-100s"))).toBe(true);
  });

  it("aborts the handler's signal when a heartbeat finds the lease taken over", async () => {
    vi.useFakeTimers({ now: new Date(T0) });
    const store = await memoryStore();
    const id = await enqueue(store, { kind: "long" }, new Date().toISOString());
    const started = deferred<JobContext>();
    const { worker, log } = workerFor(
      store,
      {
        long: async (_job, context) => {
          started.resolve(context);
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          throw context.signal.reason;
        },
      },
      { leaseMs: 30_000 },
    );

    const run = worker.runUntilIdle();
    const context = await started.promise;
    // Another replica, whose clock says the lease ran out: it takes the job over.
    const takeover = await store.claimJob({ now: "2026-11-20T10:00:31.000Z", leaseMs: 30_000 });
    await vi.advanceTimersByTimeAsync(10_000);

    expect(await run).toBe(1);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBeInstanceOf(LeaseLostError);
    expect(log.at("warn").map((entry) => entry.message)).toContain("job lease lost; signalling the handler to stop");
    expect(await jobById(store, id)).toMatchObject({ state: "running", attempts: 2 });
    await store.completeJob(takeover!.lease, new Date().toISOString());
    expect(await jobById(store, id)).toMatchObject({ state: "done" });
  });

  it("runUntilIdle drains every due job, including jobs enqueued by jobs, and leaves future ones", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const ran: string[] = [];
    for (const key of ["a", "b", "c"]) await enqueue(store, { kind: "parent", key, payload: { key } }, clock.iso());
    const later = await enqueue(store, { kind: "parent", key: "later", runAt: "2026-11-20T11:00:00.000Z" }, clock.iso());
    const { worker } = workerFor(
      store,
      {
        parent: async (job, context) => {
          const { key } = job.payload as { key: string };
          ran.push(key);
          if (key === "c") {
            await store.transaction((tx) => tx.enqueueJob({ kind: "child", key: "child", payload: { key: "child" } }, clock.iso()), {
              lease: context.lease,
            });
          }
        },
        child: async () => void ran.push("child"),
      },
      { clock: clock.now },
    );

    expect(await worker.runUntilIdle()).toBe(4);
    expect(ran).toEqual(["a", "b", "c", "child"]);
    expect(await store.read((reader) => reader.countJobs())).toEqual({ queued: 1, running: 0, done: 4, dead: 0 });
    expect(await jobById(store, later)).toMatchObject({ state: "queued" });
    expect(await worker.runUntilIdle()).toBe(0);
  });

  it("parks a job of an unknown kind dead, naming the kind", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    const id = await enqueue(store, { kind: "retired-kind" }, clock.iso());
    const { worker, log } = workerFor(store, { "sync-alert": async () => {}, backfill: async () => {} }, { clock: clock.now });

    expect(await worker.runUntilIdle()).toBe(1);
    expect(await jobById(store, id)).toMatchObject({
      state: "dead",
      lastError: 'no handler for job kind "retired-kind" (this worker handles: backfill, sync-alert); the job was parked dead',
    });
    expect(log.at("error")[0]?.fields).toMatchObject({ jobId: id, kind: "retired-kind" });
  });

  it("runs one job at a time by default, and up to `concurrency` at once when asked", async () => {
    const clock = new ManualClock(T0);
    const store = await storeAt(databaseFile(), clock);
    let running = 0;
    let mostAtOnce = 0;
    const handlers = {
      slow: async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        for (let tick = 0; tick < 5; tick += 1) await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
      },
    };
    for (let index = 0; index < 4; index += 1) await enqueue(store, { kind: "slow" }, clock.iso());
    expect(await workerFor(store, handlers, { clock: clock.now }).worker.runUntilIdle()).toBe(4);
    expect(mostAtOnce).toBe(1);

    mostAtOnce = 0;
    for (let index = 0; index < 4; index += 1) await enqueue(store, { kind: "slow" }, clock.iso());
    expect(await workerFor(store, handlers, { clock: clock.now, concurrency: 2 }).worker.runUntilIdle()).toBe(4);
    expect(mostAtOnce).toBe(2);
  });

  describe("poll loop", () => {
    it("picks up jobs as they come, survives a failing job, and stop() waits for the running job", async () => {
      vi.useFakeTimers({ now: new Date(T0) });
      const store = await memoryStore();
      const goodStarted = deferred();
      const goodRelease = deferred();
      const ran: string[] = [];
      const { worker } = workerFor(store, {
        bad: async () => {
          ran.push("bad");
          throw new Error("boom");
        },
        good: async () => {
          ran.push("good");
          goodStarted.resolve();
          await goodRelease.promise;
        },
      });

      worker.start();
      await vi.advanceTimersByTimeAsync(500);
      expect(ran).toEqual([]);

      const bad = await enqueue(store, { kind: "bad", maxAttempts: 1 }, new Date().toISOString());
      const good = await enqueue(store, { kind: "good" }, new Date().toISOString());
      // waitFor moves the fake clock on between checks.
      await vi.waitFor(() => expect(ran).toEqual(["bad", "good"]));
      await goodStarted.promise;
      expect(await jobById(store, bad)).toMatchObject({ state: "dead" });

      let stopped = false;
      const stopping = worker.stop().then(() => {
        stopped = true;
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(stopped).toBe(false);
      goodRelease.resolve();
      await stopping;
      expect(await jobById(store, good)).toMatchObject({ state: "done" });

      const afterStop = await enqueue(store, { kind: "good" }, new Date().toISOString());
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await jobById(store, afterStop)).toMatchObject({ state: "queued" });
    });

    it("keeps polling after the store fails to claim", async () => {
      vi.useFakeTimers({ now: new Date(T0) });
      const store = await memoryStore();
      let failClaims = 1;
      const flaky = new Proxy(store, {
        get(target, property) {
          if (property === "claimJob" && failClaims > 0) {
            failClaims -= 1;
            return async () => {
              throw new Error("SQLITE_BUSY: database is locked");
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const id = await enqueue(store, { kind: "good" }, new Date().toISOString());
      const { worker, log } = workerFor(flaky, { good: async () => {} });

      worker.start();
      await vi.waitFor(async () => expect(await jobById(store, id)).toMatchObject({ state: "done" }));
      await worker.stop();

      expect(log.at("error").map((entry) => entry.message)).toEqual(["could not claim a job; polling again later"]);
    });
  });
});
