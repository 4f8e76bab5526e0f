import type { AuditEvent } from "../domain/audit-event.js";
import type { BaselineRecord, BaselineSample } from "../domain/baseline-sample.js";
import type { AlertSource, Finding } from "../domain/finding.js";
import type { ApprovedPattern, FixAttempt } from "../domain/fix-attempt.js";
import type { ClaimedJob, Job, JobInput, JobLease, JobState } from "../domain/job.js";

export interface DeliveryRecord {
  /** `X-GitHub-Delivery`; a redelivery carries the same id. */
  id: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repository: string | null;
  receivedAt: string;
}

/** What secfix last concluded about a repository's `.github/secfix.yml`. */
export interface RepoConfigStatus {
  repositoryId: number;
  repository: string;
  valid: boolean;
  /** Hash of the error text, so the same broken file is reported once. */
  errorFingerprint: string | null;
  /** The check run that told the owner, when one was created. */
  reportedCheckRunId: number | null;
  reportedSha: string | null;
  updatedAt: string;
}

export interface FindingFilter {
  repository?: string;
  installationId?: number;
  source?: AlertSource;
  state?: Finding["alert"]["state"];
}

export interface BaselineFilter {
  installationId?: number;
  repository?: string;
}

export interface JobCounts {
  queued: number;
  running: number;
  done: number;
  dead: number;
}

/** Reads that need no lock. */
export interface StoreReader {
  hasDelivery(id: string): Promise<boolean>;
  getFinding(id: string): Promise<Finding | null>;
  listFindings(filter?: FindingFilter): Promise<Finding[]>;
  getFixAttempt(id: string): Promise<FixAttempt | null>;
  listFixAttempts(filter: { repositoryId: number }): Promise<FixAttempt[]>;
  listApprovedPatterns(): Promise<ApprovedPattern[]>;
  getJob(id: number): Promise<Job | null>;
  listJobs(state?: JobState): Promise<Job[]>;
  countJobs(): Promise<JobCounts>;
  getRepoConfigStatus(repositoryId: number): Promise<RepoConfigStatus | null>;
  lastAuditEvent(): Promise<AuditEvent | null>;
  /** Which sources of the repository have had their fixed-alert history recorded, and when it was cut. */
  getBaselineRecord(repositoryId: number): Promise<BaselineRecord | null>;
  listBaselineSamples(filter?: BaselineFilter): Promise<BaselineSample[]>;
  /** Events in sequence order, from `afterSequence` (exclusive) on; `subjects` keeps only those subjects' events. */
  listAuditEvents(options?: { afterSequence?: number; since?: string; limit?: number; subjects?: readonly string[] }): Promise<AuditEvent[]>;
}

/** Writes: only inside `Store.transaction`, so each state change and its audit event commit together. */
export interface StoreTx extends StoreReader {
  /** Returns false when the delivery was already recorded (a redelivery or a duplicate). */
  recordDelivery(delivery: DeliveryRecord): Promise<boolean>;
  saveFinding(finding: Finding): Promise<void>;
  saveFixAttempt(attempt: FixAttempt): Promise<void>;
  /** Records (or re-records) an approved pattern; the first approval's evidence is kept. */
  saveApprovedPattern(pattern: ApprovedPattern): Promise<void>;
  /** Returns the queued job, or null when a queued job with the same key already exists. */
  enqueueJob(input: JobInput, now: string): Promise<Job | null>;
  /** Appends a fully formed event; the store refuses anything but the next sequence number. */
  insertAuditEvent(event: AuditEvent): Promise<void>;
  saveRepoConfigStatus(status: RepoConfigStatus): Promise<void>;
  /**
   * Records a repository's history of fixed alerts. Samples are keyed by (repository, source, alert):
   * saving one again updates it. The record's first cutoff is kept; its sources are replaced.
   */
  saveBaselineSamples(record: BaselineRecord, samples: readonly BaselineSample[]): Promise<void>;
  /** Forgets deliveries received and finished (`done`) jobs updated before the given times; dead jobs stay for an operator. */
  prune(before: { deliveries: string; doneJobs: string }): Promise<{ deliveries: number; doneJobs: number }>;
}

export class LeaseLostError extends Error {
  constructor(readonly jobId: number) {
    super(`job ${jobId}: the lease was lost (expired and taken over, or the job was finished elsewhere); this worker's writes are refused`);
    this.name = "LeaseLostError";
  }
}

export interface TransactionOptions {
  /** When given, the transaction fails with LeaseLostError unless this lease is still the job's live lease. */
  lease?: JobLease;
}

export interface ClaimOptions {
  now: string;
  leaseMs: number;
  kinds?: string[];
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Applies pending migrations; safe to call at every start. */
  migrate(): Promise<void>;
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
  /** A write transaction (`BEGIN IMMEDIATE` on SQLite). The callback must not call GitHub or anything slow. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;

  /** Takes the next runnable job: queued and due, or running with an expired lease. */
  claimJob(options: ClaimOptions): Promise<ClaimedJob | null>;
  /** Pushes the lease forward; throws LeaseLostError when it is no longer held. */
  extendLease(lease: JobLease, now: string, leaseMs: number): Promise<JobLease>;
  completeJob(lease: JobLease, now: string): Promise<void>;
  /** Records the failure; `retryAt` null parks the job as dead. */
  failJob(lease: JobLease, error: string, retryAt: string | null, now: string): Promise<void>;
  /** Puts a dead job back in the queue (operator redrive). */
  requeueJob(jobId: number, now: string): Promise<boolean>;

  close(): Promise<void>;
}
