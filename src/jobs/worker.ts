import type { ClaimedJob, Job, JobLease } from "../domain/job.js";
import { LeaseLostError, type Store } from "../store/store.js";
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from "./backoff.js";
import { PermanentJobError, RetryLaterError } from "./job-errors.js";

/** pino-compatible: fields first, message second. */
export interface WorkerLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface JobContext {
  /** The job's live lease: pass it to `store.transaction(fn, { lease })` so a worker that lost the job cannot write. */
  readonly lease: JobLease;
  /** Aborted when the lease is lost (taken over by another worker): stop, nothing more will be accepted. */
  readonly signal: AbortSignal;
}

/** Does one job's work. Throw to fail it: PermanentJobError never retries, RetryLaterError sets the earliest retry. */
export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

export interface WorkerOptions {
  store: Store;
  handlers: Record<string, JobHandler>;
  log: WorkerLog;
  /** How long a claim lasts without a heartbeat; the worker renews it every leaseMs/3. */
  leaseMs?: number;
  /** Wait between polls when no job is due. */
  pollMs?: number;
  /** Jobs run at the same time by this worker. */
  concurrency?: number;
  /** Only these kinds are claimed (a pool per kind); default: every kind, and one without a handler is parked. */
  kinds?: string[];
  backoff?: Partial<BackoffOptions>;
  clock?: () => Date;
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POLL_MS = 500;
const MAX_ERROR_LENGTH = 4_000;
const STACK_FRAMES_KEPT = 5;

/**
 * Runs durable jobs from the store: claim, run the handler under a heartbeated lease, then record
 * the outcome (done, retry with backoff, or dead). Jobs run at least once; handlers are idempotent.
 */
export class Worker {
  private readonly store: Store;
  private readonly handlers: Record<string, JobHandler>;
  private readonly log: WorkerLog;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly kinds: string[] | undefined;
  private readonly backoff: BackoffOptions;
  private readonly clock: () => Date;

  private polling = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private currentPoll: Promise<void> | undefined;
  private readonly active = new Set<Promise<void>>();

  constructor(options: WorkerOptions) {
    this.store = options.store;
    this.handlers = options.handlers;
    this.log = options.log;
    this.leaseMs = positive(options.leaseMs ?? DEFAULT_LEASE_MS, "leaseMs");
    this.pollMs = positive(options.pollMs ?? DEFAULT_POLL_MS, "pollMs");
    this.concurrency = options.concurrency ?? 1;
    this.kinds = options.kinds;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new Error(`concurrency must be a whole number of at least 1, got ${this.concurrency}`);
    }
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts polling in the background; `stop()` ends it. */
  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the jobs under way to finish. */
  async stop(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.currentPoll;
    await Promise.allSettled([...this.active]);
  }

  /** Runs every job due now, including retries that fall due meanwhile; resolves with how many runs it made. */
  async runUntilIdle(): Promise<number> {
    let runs = 0;
    const lane = async (): Promise<void> => {
      for (let claimed = await this.claim(); claimed; claimed = await this.claim()) {
        runs += 1;
        await this.execute(claimed);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, lane));
    return runs;
  }

  private schedule(delayMs: number): void {
    if (!this.polling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A poll under way already claims for every free slot; it reschedules itself when it ends.
      this.currentPoll ??= this.poll().finally(() => {
        this.currentPoll = undefined;
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    try {
      while (this.polling && this.active.size < this.concurrency) {
        const claimed = await this.claim();
        if (!claimed) break;
        const run: Promise<void> = this.execute(claimed).finally(() => {
          this.active.delete(run);
          this.schedule(0);
        });
        this.active.add(run);
      }
    } catch (err) {
      this.log.error({ err }, "could not claim a job; polling again later");
    }
    if (this.active.size < this.concurrency) this.schedule(this.pollMs);
  }

  private claim(): Promise<ClaimedJob | null> {
    return this.store.claimJob({ now: this.now(), leaseMs: this.leaseMs, ...(this.kinds && { kinds: this.kinds }) });
  }

  /** Runs one claimed job and records its outcome; never throws, so one job cannot stop the loop. */
  private async execute(claimed: ClaimedJob): Promise<void> {
    const { job } = claimed;
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts };
    try {
      const handler = Object.hasOwn(this.handlers, job.kind) ? this.handlers[job.kind] : undefined;
      if (!handler) {
        const known = Object.keys(this.handlers).sort().join(", ") || "none";
        const error = `no handler for job kind "${job.kind}" (this worker handles: ${known}); the job was parked dead`;
        this.log.error(fields, error);
        await this.record(fields, () => this.store.failJob(claimed.lease, error, null, this.now()));
        return;
      }
      await this.runHandler(handler, claimed, fields);
    } catch (err) {
      this.log.error({ err, ...fields }, "job bookkeeping failed");
    }
  }

  private async runHandler(handler: JobHandler, claimed: ClaimedJob, fields: JobFields): Promise<void> {
    const { job } = claimed;
    let lease = claimed.lease;
    const lost = new AbortController();
    let beat: Promise<void> | undefined;
    const heartbeat = setInterval(
      () => {
        beat ??= this.store
          .extendLease(lease, this.now(), this.leaseMs)
          .then(
            (renewed) => {
              lease = renewed;
            },
            (err: unknown) => {
              if (err instanceof LeaseLostError) {
                clearInterval(heartbeat);
                this.log.warn({ err, ...fields }, "job lease lost; signalling the handler to stop");
                lost.abort(err);
              } else {
                this.log.warn({ err, ...fields }, "could not extend the job lease; trying again at the next heartbeat");
              }
            },
          )
          .finally(() => {
            beat = undefined;
          });
      },
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    const context: JobContext = {
      get lease() {
        return lease;
      },
      signal: lost.signal,
    };

    this.log.debug(fields, "job started");
    let failure: { error: unknown } | undefined;
    try {
      await handler(job, context);
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
      // A renewal still in flight would otherwise land after the result and report a lost lease.
      await beat;
    }

    if (lost.signal.aborted || failure?.error instanceof LeaseLostError) {
      this.log.warn({ err: failure?.error, ...fields }, "job lease lost; leaving the job to the worker that holds it now");
      return;
    }
    if (!failure) {
      await this.record(fields, () => this.store.completeJob(lease, this.now()));
      this.log.info(fields, "job done");
      return;
    }

    const { error } = failure;
    const now = this.clock();
    const message = describeJobError(error);
    if (error instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
      this.log.error({ err: error, ...fields, outcome: "dead" }, "job failed");
      await this.record(fields, () => this.store.failJob(lease, message, null, now.toISOString()));
      return;
    }
    const backoffMs = retryDelayMs(job.attempts, this.backoff);
    const delayMs = Math.max(backoffMs, error instanceof RetryLaterError ? error.retryAfterMs : 0);
    const retryAt = new Date(now.getTime() + delayMs).toISOString();
    this.log.error({ err: error, ...fields, outcome: "retry", retryAt }, "job failed");
    await this.record(fields, () => this.store.failJob(lease, message, retryAt, now.toISOString()));
  }

  /** Writes a job's outcome; a lost lease means another worker owns the job now, which is not an error. */
  private async record(fields: JobFields, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (err instanceof LeaseLostError) {
        this.log.warn({ err, ...fields }, "job lease lost before its outcome was recorded; leaving the job to the worker that holds it now");
      } else {
        this.log.error({ err, ...fields }, "could not record the job's outcome; it runs again once its lease expires");
      }
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

interface JobFields {
  jobId: number;
  kind: string;
  attempt: number;
  maxAttempts: number;
}

/** `Name: message` and the first stack frames, short enough to store and show on a dashboard. */
function describeJobError(error: unknown): string {
  if (!(error instanceof Error)) return truncate(`thrown value: ${String(error)}`);
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, STACK_FRAMES_KEPT)
    .map((line) => `  ${line.trim()}`);
  return truncate([`${error.name}: ${error.message}`, ...frames].join("\n"));
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_LENGTH ? text : `${text.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}
