export type JobState = "queued" | "running" | "done" | "dead";

export interface JobInput<P = unknown> {
  kind: string;
  /**
   * Jobs with the same key coalesce while one is still queued: the later request adds nothing,
   * because every job re-reads current state when it runs.
   */
  key: string;
  payload: P;
  runAt?: string;
  maxAttempts?: number;
}

export interface Job<P = unknown> {
  id: number;
  kind: string;
  key: string;
  payload: P;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Proof that a worker holds a job; every write made for the job carries it. */
export interface JobLease {
  jobId: number;
  token: string;
  expiresAt: string;
}

export interface ClaimedJob<P = unknown> {
  job: Job<P>;
  lease: JobLease;
}
