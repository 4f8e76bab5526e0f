import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { GENESIS_HASH, type AuditEvent } from "../domain/audit-event.js";
import type { BaselineRecord, BaselineSample } from "../domain/baseline-sample.js";
import { findingId, type Finding } from "../domain/finding.js";
import type { ApprovedPattern, FixAttempt } from "../domain/fix-attempt.js";
import type { ClaimedJob, Job, JobInput, JobLease, JobState } from "../domain/job.js";
import { AsyncMutex } from "./async-mutex.js";
import { AuditOrderError } from "./audit-order-error.js";
import { applyMigrations } from "./migrations.js";
import {
  LeaseLostError,
  type BaselineFilter,
  type ClaimOptions,
  type DeliveryRecord,
  type FindingFilter,
  type JobCounts,
  type RepoConfigStatus,
  type Store,
  type StoreReader,
  type StoreTx,
  type TransactionOptions,
} from "./store.js";

/** pino-compatible: fields first, message second. */
export interface StoreLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. The file's folder must exist. */
  filename: string;
  /** How long a write waits for another connection's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Attempts for a job enqueued without `maxAttempts`. */
  defaultMaxAttempts?: number;
  /** Used only where no caller can pass the time: the lease check at the start of `transaction(fn, { lease })`. */
  clock?: () => Date;
  log?: StoreLog;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

type Statement = Database.Statement<unknown[], unknown>;

interface JobRow {
  id: number;
  kind: string;
  key: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: string;
  lease_token: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

interface AuditRow {
  sequence: number;
  at: string;
  actor_type: AuditEvent["actor"]["type"];
  actor_login: string;
  installation_id: number | null;
  repository: string | null;
  subject: string;
  action: string;
  details: string;
  previous_hash: string;
  hash: string;
}

interface RepoConfigStatusRow {
  repository_id: number;
  repository: string;
  valid: 0 | 1;
  error_fingerprint: string | null;
  reported_check_run_id: number | null;
  reported_sha: string | null;
  updated_at: string;
}

interface BaselineRecordRow {
  repository_id: number;
  repository: string;
  installation_id: number;
  cutoff: string;
  sources: string;
}

interface BaselineSampleRow {
  repository_id: number;
  repository: string;
  installation_id: number;
  source: BaselineSample["source"];
  alert_number: number;
  severity: BaselineSample["severity"];
  created_at: string;
  fixed_at: string;
}

/**
 * The embedded store: one better-sqlite3 connection in WAL mode.
 *
 * better-sqlite3 is synchronous and the connection is shared, while `Store` is async (so a
 * PostgreSQL store can implement it). Every operation therefore runs under an in-process mutex:
 * an `await` inside one transaction can never let another transaction's statements onto the
 * connection. Between processes (or several `SqliteStore`s on one file), `BEGIN IMMEDIATE` and the
 * busy timeout order the writers.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly filename: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();
  private readonly mutex = new AsyncMutex(
    "a store operation was started from inside a store.read/transaction callback on the same store: " +
      "use the reader or tx the callback was given (waiting for the outer operation would never end)",
  );
  private readonly busyTimeoutMs: number;
  private readonly defaultMaxAttempts: number;
  private readonly clock: () => Date;
  private readonly log: StoreLog | undefined;
  private closing = false;

  constructor(options: SqliteStoreOptions) {
    this.filename = options.filename;
    this.busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.defaultMaxAttempts = positiveInteger(options.defaultMaxAttempts ?? DEFAULT_MAX_ATTEMPTS, "defaultMaxAttempts");
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log;
    this.db = new Database(options.filename);
    // The busy timeout first: switching to WAL itself needs a lock another connection may hold.
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    this.db.pragma("journal_mode = WAL");
    // A webhook is acknowledged only after its job is committed; FULL makes that commit survive a
    // power cut, not just a crash. It costs under a millisecond per delivery (npm run bench:ack).
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
  }

  migrate(): Promise<void> {
    return this.write(() => {
      const applied = applyMigrations(this.db, this.clock().toISOString());
      if (applied.length > 0) this.log?.info({ filename: this.filename, versions: applied }, "database migrated");
    });
  }

  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.assertOpen();
      const reader = new SqliteReader((sql) => this.statement(sql));
      // A deferred transaction gives the callback one consistent snapshot across its queries.
      this.db.exec("BEGIN DEFERRED");
      try {
        const result = await fn(reader);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        this.rollback();
        throw error;
      } finally {
        reader.finish();
      }
    });
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.write(async () => {
      const { lease } = options;
      if (lease) this.assertLiveLease(lease, this.clock().toISOString());
      const tx = new SqliteTx((sql) => this.statement(sql), this.defaultMaxAttempts);
      try {
        return await fn(tx);
      } finally {
        tx.finish();
      }
    });
  }

  claimJob(options: ClaimOptions): Promise<ClaimedJob | null> {
    const now = instant(options.now, "now");
    const kinds = options.kinds ? JSON.stringify(options.kinds) : null;
    return this.write(() => {
      const pick = this.statement(`
        SELECT * FROM jobs
        WHERE ((state = 'queued' AND run_at <= @now) OR (state = 'running' AND lease_expires_at <= @now))
          AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
        ORDER BY run_at, id
        LIMIT 1
      `);
      for (;;) {
        const row = pick.get({ now, kinds }) as JobRow | undefined;
        if (!row) return null;
        if (row.state === "running" && row.attempts >= row.max_attempts) {
          // The last allowed attempt never reported back (a crash, a kill, a hang): running it
          // again would exceed the limit the enqueuer set.
          this.statement(`
            UPDATE jobs SET state = 'dead', lease_token = NULL, lease_expires_at = NULL, last_error = @error, updated_at = @now
            WHERE id = @id
          `).run({
            id: row.id,
            now,
            error: `the lease expired during attempt ${row.attempts} of ${row.max_attempts}: the worker stopped or hung without reporting back`,
          });
          continue;
        }
        const lease: JobLease = { jobId: row.id, token: randomUUID(), expiresAt: addMs(now, options.leaseMs) };
        const claimed = this.statement(`
          UPDATE jobs SET state = 'running', lease_token = @token, lease_expires_at = @expiresAt,
            attempts = attempts + 1, updated_at = @now
          WHERE id = @id
          RETURNING *
        `).get({ id: row.id, token: lease.token, expiresAt: lease.expiresAt, now }) as JobRow;
        return { job: jobFromRow(claimed), lease };
      }
    });
  }

  extendLease(lease: JobLease, now: string, leaseMs: number): Promise<JobLease> {
    const at = instant(now, "now");
    const expiresAt = addMs(at, leaseMs);
    return this.write(() => {
      // A matching token is enough, even past expiry: under the write lock it proves nobody took the job over.
      const result = this.statement(`
        UPDATE jobs SET lease_expires_at = @expiresAt, updated_at = @now
        WHERE id = @id AND lease_token = @token AND state = 'running'
      `).run({ id: lease.jobId, token: lease.token, expiresAt, now: at });
      if (result.changes === 0) throw new LeaseLostError(lease.jobId);
      return { ...lease, expiresAt };
    });
  }

  completeJob(lease: JobLease, now: string): Promise<void> {
    const at = instant(now, "now");
    return this.write(() => {
      const result = this.statement(`
        UPDATE jobs SET state = 'done', lease_token = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id AND lease_token = @token AND state = 'running'
      `).run({ id: lease.jobId, token: lease.token, now: at });
      if (result.changes === 0) throw new LeaseLostError(lease.jobId);
    });
  }

  failJob(lease: JobLease, error: string, retryAt: string | null, now: string): Promise<void> {
    const at = instant(now, "now");
    const retry = retryAt === null ? null : instant(retryAt, "retryAt");
    return this.write(() => {
      const row = this.statement("SELECT * FROM jobs WHERE id = @id AND lease_token = @token AND state = 'running'").get({
        id: lease.jobId,
        token: lease.token,
      }) as JobRow | undefined;
      if (!row) throw new LeaseLostError(lease.jobId);

      const finish = this.statement(`
        UPDATE jobs SET state = @state, run_at = @runAt, last_error = @error, lease_token = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id
      `);
      if (retry === null) {
        finish.run({ id: row.id, state: "dead", runAt: row.run_at, error, now: at });
        return;
      }
      const sibling = this.statement("SELECT id, run_at FROM jobs WHERE key = @key AND state = 'queued'").get({ key: row.key }) as
        | { id: number; run_at: string }
        | undefined;
      if (!sibling) {
        finish.run({ id: row.id, state: "queued", runAt: retry, error, now: at });
        return;
      }
      // A job with the same key was queued while this one ran; it will redo the same work from fresh
      // state, so this job hands its retry over (and its delay: the cause, a rate limit say, still holds).
      this.statement("UPDATE jobs SET run_at = MAX(run_at, @retry), updated_at = @now WHERE id = @id").run({
        id: sibling.id,
        retry,
        now: at,
      });
      finish.run({
        id: row.id,
        state: "done",
        runAt: row.run_at,
        error: `${error}\n(the retry was handed to queued job ${sibling.id}, which has the same key)`,
        now: at,
      });
    });
  }

  requeueJob(jobId: number, now: string): Promise<boolean> {
    const at = instant(now, "now");
    return this.write(() => {
      // A queued job with the same key already covers the redrive.
      const result = this.statement(`
        UPDATE jobs SET state = 'queued', attempts = 0, run_at = @now, updated_at = @now
        WHERE id = @id AND state = 'dead'
          AND NOT EXISTS (SELECT 1 FROM jobs AS other WHERE other.key = jobs.key AND other.state = 'queued')
      `).run({ id: jobId, now: at });
      return result.changes === 1;
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Through the mutex, so a transaction already under way commits before the connection goes.
    await this.mutex.run(async () => {
      this.db.close();
    });
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** A write transaction: mutex, `BEGIN IMMEDIATE`, body, `COMMIT`; `ROLLBACK` when the body throws. */
  private write<T>(body: () => T | Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.assertOpen();
      await this.beginImmediate();
      try {
        const result = await body();
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        this.rollback();
        throw error;
      }
    });
  }

  /**
   * `BEGIN IMMEDIATE`, waiting for another connection's write lock without blocking the event loop.
   * SQLite's own busy handler sleeps synchronously: if the lock holder is another connection in this
   * same process, mid-way through an async transaction, it could never finish, and both would fail.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = performance.now() + this.busyTimeoutMs;
    let pauseMs = 1;
    this.db.pragma("busy_timeout = 0");
    try {
      for (;;) {
        try {
          this.db.exec("BEGIN IMMEDIATE");
          return;
        } catch (error) {
          if (!isBusy(error) || performance.now() >= deadline) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        pauseMs = Math.min(pauseMs * 2, 50);
      }
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  private assertLiveLease(lease: JobLease, now: string): void {
    const live = this.statement(`
      SELECT 1 FROM jobs WHERE id = @id AND lease_token = @token AND state = 'running' AND lease_expires_at > @now
    `).get({ id: lease.jobId, token: lease.token, now });
    if (!live) throw new LeaseLostError(lease.jobId);
  }

  private rollback(): void {
    // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); a second ROLLBACK would throw and hide the cause.
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  private assertOpen(): void {
    if (!this.db.open) throw new Error(`the store ${this.filename} is closed`);
  }
}

type Prepare = (sql: string) => Statement;

class SqliteReader implements StoreReader {
  private open = true;

  constructor(private readonly prepare: Prepare) {}

  /** Called when the transaction ends: a callback that kept the reader must not use it afterwards. */
  finish(): void {
    this.open = false;
  }

  protected statement(sql: string): Statement {
    if (!this.open) throw new Error("this store reader/tx was used after its read() or transaction() callback returned");
    return this.prepare(sql);
  }

  async hasDelivery(id: string): Promise<boolean> {
    return this.statement("SELECT 1 FROM deliveries WHERE id = ?").get(id) !== undefined;
  }

  async getFinding(id: string): Promise<Finding | null> {
    const row = this.statement("SELECT data FROM findings WHERE id = ?").get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Finding) : null;
  }

  async listFindings(filter: FindingFilter = {}): Promise<Finding[]> {
    const conditions: string[] = [];
    if (filter.repository !== undefined) conditions.push("repository = @repository");
    if (filter.installationId !== undefined) conditions.push("installation_id = @installationId");
    if (filter.source !== undefined) conditions.push("source = @source");
    if (filter.state !== undefined) conditions.push("state = @state");
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const rows = this.statement(`SELECT data FROM findings ${where} ORDER BY first_seen_at, id`).all({
      repository: filter.repository,
      installationId: filter.installationId,
      source: filter.source,
      state: filter.state,
    }) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Finding);
  }

  async getFixAttempt(id: string): Promise<FixAttempt | null> {
    const row = this.statement("SELECT data FROM fix_attempts WHERE id = ?").get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as FixAttempt) : null;
  }
  async listFixAttempts(filter: { repositoryId: number }): Promise<FixAttempt[]> {
    const rows = this.statement(
      "SELECT data FROM fix_attempts WHERE json_extract(data, '$.repository.id') = ? ORDER BY created_at, id",
    ).all(filter.repositoryId) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as FixAttempt);
  }
  async listApprovedPatterns(): Promise<ApprovedPattern[]> {
    const rows = this.statement("SELECT * FROM approved_patterns ORDER BY rule_id").all() as {
      rule_id: string;
      strategy: string;
      example_diff: string;
      approved_by: string;
      repository: string;
      pull_request: number;
      approved_at: string;
    }[];
    return rows.map((row) => ({
      ruleId: row.rule_id,
      strategy: row.strategy,
      exampleDiff: row.example_diff,
      approvedBy: row.approved_by,
      repository: row.repository,
      pullRequest: row.pull_request,
      approvedAt: row.approved_at,
    }));
  }



  async getJob(id: number): Promise<Job | null> {
    const row = this.statement("SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  async listJobs(state?: JobState): Promise<Job[]> {
    const rows = (
      state === undefined
        ? this.statement("SELECT * FROM jobs ORDER BY id").all()
        : this.statement("SELECT * FROM jobs WHERE state = ? ORDER BY id").all(state)
    ) as JobRow[];
    return rows.map(jobFromRow);
  }

  async countJobs(): Promise<JobCounts> {
    const rows = this.statement("SELECT state, COUNT(*) AS count FROM jobs GROUP BY state").all() as { state: JobState; count: number }[];
    const counts: JobCounts = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const row of rows) counts[row.state] = row.count;
    return counts;
  }

  async getRepoConfigStatus(repositoryId: number): Promise<RepoConfigStatus | null> {
    const row = this.statement("SELECT * FROM repo_config_status WHERE repository_id = ?").get(repositoryId) as
      | RepoConfigStatusRow
      | undefined;
    if (!row) return null;
    return {
      repositoryId: row.repository_id,
      repository: row.repository,
      valid: row.valid === 1,
      errorFingerprint: row.error_fingerprint,
      reportedCheckRunId: row.reported_check_run_id,
      reportedSha: row.reported_sha,
      updatedAt: row.updated_at,
    };
  }

  async getBaselineRecord(repositoryId: number): Promise<BaselineRecord | null> {
    const row = this.statement("SELECT * FROM baseline_records WHERE repository_id = ?").get(repositoryId) as BaselineRecordRow | undefined;
    if (!row) return null;
    return {
      repositoryId: row.repository_id,
      repository: row.repository,
      installationId: row.installation_id,
      cutoff: row.cutoff,
      sources: JSON.parse(row.sources) as BaselineRecord["sources"],
    };
  }

  async listBaselineSamples(filter: BaselineFilter = {}): Promise<BaselineSample[]> {
    const rows = this.statement(`
      SELECT * FROM baseline_samples
      WHERE (@installationId IS NULL OR installation_id = @installationId) AND (@repository IS NULL OR repository = @repository)
      ORDER BY repository, source, alert_number
    `).all({ installationId: filter.installationId ?? null, repository: filter.repository ?? null }) as BaselineSampleRow[];
    return rows.map((row) => ({
      repositoryId: row.repository_id,
      repository: row.repository,
      installationId: row.installation_id,
      source: row.source,
      alertNumber: row.alert_number,
      severity: row.severity,
      createdAt: row.created_at,
      fixedAt: row.fixed_at,
    }));
  }

  async lastAuditEvent(): Promise<AuditEvent | null> {
    const row = this.statement("SELECT * FROM audit_events ORDER BY sequence DESC LIMIT 1").get() as AuditRow | undefined;
    return row ? auditEventFromRow(row) : null;
  }

  async listAuditEvents(options: { afterSequence?: number; since?: string; limit?: number; subjects?: readonly string[] } = {}): Promise<AuditEvent[]> {
    const subjects = options.subjects ? JSON.stringify(options.subjects) : null;
    const rows = this.statement(`
      SELECT * FROM audit_events
      WHERE sequence > @after AND (@since IS NULL OR at >= @since)
        AND (@subjects IS NULL OR subject IN (SELECT value FROM json_each(@subjects)))
      ORDER BY sequence
      LIMIT @limit
    `).all({ after: options.afterSequence ?? 0, since: options.since ?? null, subjects, limit: options.limit ?? -1 }) as AuditRow[];
    return rows.map(auditEventFromRow);
  }
}

class SqliteTx extends SqliteReader implements StoreTx {
  constructor(
    prepare: Prepare,
    private readonly defaultMaxAttempts: number,
  ) {
    super(prepare);
  }

  async recordDelivery(delivery: DeliveryRecord): Promise<boolean> {
    const result = this.statement(`
      INSERT INTO deliveries (id, event, action, installation_id, repository, received_at)
      VALUES (@id, @event, @action, @installationId, @repository, @receivedAt)
      ON CONFLICT (id) DO NOTHING
    `).run({ ...delivery });
    return result.changes === 1;
  }

  async saveFinding(finding: Finding): Promise<void> {
    const expectedId = findingId(finding.repository.id, finding.alert.source, finding.alert.alertNumber);
    if (finding.id !== expectedId) {
      throw new Error(`finding id "${finding.id}" does not match its repository and alert (expected "${expectedId}")`);
    }
    this.statement(`
      INSERT INTO findings (id, installation_id, repository_id, repository, source, alert_number, state, severity,
        priority, decision, sla_due_at, first_seen_at, resolved_at, data)
      VALUES (@id, @installationId, @repositoryId, @repository, @source, @alertNumber, @state, @severity,
        @priority, @decision, @slaDueAt, @firstSeenAt, @resolvedAt, @data)
      ON CONFLICT (id) DO UPDATE SET
        installation_id = excluded.installation_id, repository = excluded.repository, state = excluded.state,
        severity = excluded.severity, priority = excluded.priority, decision = excluded.decision,
        sla_due_at = excluded.sla_due_at, first_seen_at = excluded.first_seen_at,
        resolved_at = excluded.resolved_at, data = excluded.data
    `).run({
      id: finding.id,
      installationId: finding.installationId,
      repositoryId: finding.repository.id,
      repository: finding.repository.fullName,
      source: finding.alert.source,
      alertNumber: finding.alert.alertNumber,
      state: finding.alert.state,
      severity: finding.triage?.severity ?? finding.alert.severity,
      priority: finding.triage?.priority ?? null,
      decision: finding.triage?.decision ?? null,
      slaDueAt: finding.triage?.slaDueAt ?? null,
      firstSeenAt: finding.firstSeenAt,
      resolvedAt: finding.resolvedAt,
      data: JSON.stringify(finding),
    });
  }

  async saveApprovedPattern(pattern: ApprovedPattern): Promise<void> {
    this.statement(`
      INSERT INTO approved_patterns (rule_id, strategy, example_diff, approved_by, repository, pull_request, approved_at)
      VALUES (@ruleId, @strategy, @exampleDiff, @approvedBy, @repository, @pullRequest, @approvedAt)
      ON CONFLICT (rule_id) DO NOTHING
    `).run({ ...pattern });
  }

  async saveFixAttempt(attempt: FixAttempt): Promise<void> {
    this.statement(`
      INSERT INTO fix_attempts (id, state, created_at, updated_at, data)
      VALUES (@id, @state, @createdAt, @updatedAt, @data)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, data = excluded.data
    `).run({
      id: attempt.id,
      state: attempt.state,
      createdAt: attempt.createdAt,
      updatedAt: attempt.updatedAt,
      data: JSON.stringify(attempt),
    });
  }

  async prune(before: { deliveries: string; doneJobs: string }): Promise<{ deliveries: number; doneJobs: number }> {
    const deliveries = this.statement(`DELETE FROM deliveries WHERE received_at < ?`).run(instant(before.deliveries, "deliveries")).changes;
    const doneJobs = this.statement(`DELETE FROM jobs WHERE state = 'done' AND updated_at < ?`).run(instant(before.doneJobs, "doneJobs")).changes;
    return { deliveries, doneJobs };
  }

  async enqueueJob(input: JobInput, now: string): Promise<Job | null> {
    const at = instant(now, "now");
    const row = this.statement(`
      INSERT INTO jobs (kind, key, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
      VALUES (@kind, @key, @payload, 'queued', 0, @maxAttempts, @runAt, @now, @now)
      ON CONFLICT (key) WHERE state = 'queued' DO NOTHING
      RETURNING *
    `).get({
      kind: input.kind,
      key: input.key,
      payload: JSON.stringify(input.payload ?? null),
      maxAttempts: positiveInteger(input.maxAttempts ?? this.defaultMaxAttempts, "maxAttempts"),
      runAt: input.runAt === undefined ? at : instant(input.runAt, "runAt"),
      now: at,
    }) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  async insertAuditEvent(event: AuditEvent): Promise<void> {
    const last = this.statement("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").get() as
      | { sequence: number; hash: string }
      | undefined;
    const expectedSequence = (last?.sequence ?? 0) + 1;
    const expectedPreviousHash = last?.hash ?? GENESIS_HASH;
    if (event.sequence !== expectedSequence) {
      throw new AuditOrderError(
        `audit event refused: its sequence is ${event.sequence} but the next one is ${expectedSequence}`,
        expectedSequence,
        expectedPreviousHash,
      );
    }
    if (event.previousHash !== expectedPreviousHash) {
      throw new AuditOrderError(
        `audit event ${event.sequence} refused: its previousHash ${event.previousHash} is not the hash of event ${expectedSequence - 1} (${expectedPreviousHash})`,
        expectedSequence,
        expectedPreviousHash,
      );
    }
    this.statement(`
      INSERT INTO audit_events (sequence, at, actor_type, actor_login, installation_id, repository, subject, action,
        details, previous_hash, hash)
      VALUES (@sequence, @at, @actorType, @actorLogin, @installationId, @repository, @subject, @action,
        @details, @previousHash, @hash)
    `).run({
      sequence: event.sequence,
      at: event.at,
      actorType: event.actor.type,
      actorLogin: event.actor.login,
      installationId: event.installationId,
      repository: event.repository,
      subject: event.subject,
      action: event.action,
      details: JSON.stringify(event.details),
      previousHash: event.previousHash,
      hash: event.hash,
    });
  }

  async saveBaselineSamples(record: BaselineRecord, samples: readonly BaselineSample[]): Promise<void> {
    // The first cutoff stands: a later read that moved it would count secfix's own fixes as manual ones.
    this.statement(`
      INSERT INTO baseline_records (repository_id, repository, installation_id, cutoff, sources)
      VALUES (@repositoryId, @repository, @installationId, @cutoff, @sources)
      ON CONFLICT (repository_id) DO UPDATE SET
        repository = excluded.repository, installation_id = excluded.installation_id, sources = excluded.sources
    `).run({ ...record, cutoff: instant(record.cutoff, "cutoff"), sources: JSON.stringify(record.sources) });
    const save = this.statement(`
      INSERT INTO baseline_samples (repository_id, repository, installation_id, source, alert_number, severity, created_at, fixed_at)
      VALUES (@repositoryId, @repository, @installationId, @source, @alertNumber, @severity, @createdAt, @fixedAt)
      ON CONFLICT (repository_id, source, alert_number) DO UPDATE SET
        repository = excluded.repository, installation_id = excluded.installation_id, severity = excluded.severity,
        created_at = excluded.created_at, fixed_at = excluded.fixed_at
    `);
    for (const sample of samples) save.run({ ...sample });
  }

  async saveRepoConfigStatus(status: RepoConfigStatus): Promise<void> {
    this.statement(`
      INSERT INTO repo_config_status (repository_id, repository, valid, error_fingerprint, reported_check_run_id, reported_sha, updated_at)
      VALUES (@repositoryId, @repository, @valid, @errorFingerprint, @reportedCheckRunId, @reportedSha, @updatedAt)
      ON CONFLICT (repository_id) DO UPDATE SET
        repository = excluded.repository, valid = excluded.valid, error_fingerprint = excluded.error_fingerprint,
        reported_check_run_id = excluded.reported_check_run_id, reported_sha = excluded.reported_sha,
        updated_at = excluded.updated_at
    `).run({ ...status, valid: status.valid ? 1 : 0 });
  }
}

function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditEventFromRow(row: AuditRow): AuditEvent {
  return {
    sequence: row.sequence,
    at: row.at,
    actor: { type: row.actor_type, login: row.actor_login },
    installationId: row.installation_id,
    repository: row.repository,
    subject: row.subject,
    action: row.action,
    details: JSON.parse(row.details) as Record<string, unknown>,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/**
 * Job times are compared as text in SQL, which is only right when they share one format:
 * `2024-01-01T00:00:00Z` sorts after `2024-01-01T00:00:00.500Z`. Every job time is stored as `toISOString()`.
 */
function instant(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`${name} must be an ISO-8601 time, got "${value}"`);
  return time.toISOString();
}

function addMs(isoTime: string, ms: number): string {
  return new Date(Date.parse(isoTime) + ms).toISOString();
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_"));
}
