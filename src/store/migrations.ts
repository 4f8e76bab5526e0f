import type Database from "better-sqlite3";

export interface Migration {
  /** Strictly increasing from 1; a released migration is never edited, only followed by a new one. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        event TEXT NOT NULL,
        action TEXT,
        installation_id INTEGER,
        repository TEXT,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deliveries_received_at ON deliveries (received_at);

      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        installation_id INTEGER NOT NULL,
        repository_id INTEGER NOT NULL,
        repository TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('code_scanning', 'dependabot')),
        alert_number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'fixed', 'dismissed')),
        severity TEXT,
        priority TEXT,
        decision TEXT,
        sla_due_at TEXT,
        first_seen_at TEXT NOT NULL,
        resolved_at TEXT,
        data TEXT NOT NULL CHECK (json_valid(data)),
        UNIQUE (repository_id, source, alert_number)
      ) STRICT;
      CREATE INDEX findings_repository_state ON findings (repository, state);
      CREATE INDEX findings_repository_id_state ON findings (repository_id, state);
      CREATE INDEX findings_installation_state ON findings (installation_id, state);
      CREATE INDEX findings_state_sla ON findings (state, sla_due_at);

      CREATE TABLE fix_attempts (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data))
      ) STRICT;
      CREATE INDEX fix_attempts_state ON fix_attempts (state);

      CREATE TABLE audit_events (
        sequence INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_type TEXT NOT NULL CHECK (actor_type IN ('secfix', 'user', 'github')),
        actor_login TEXT NOT NULL,
        installation_id INTEGER,
        repository TEXT,
        subject TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL CHECK (json_valid(details)),
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_at ON audit_events (at);
      CREATE INDEX audit_events_subject ON audit_events (subject);
      -- The chain is evidence: nothing in the application, nor a hand-typed statement, may rewrite it.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN
        SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is refused');
      END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN
        SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is refused');
      END;

      CREATE TABLE jobs (
        -- AUTOINCREMENT: a job id is never reused, so a stale lease can never name a different job.
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
        run_at TEXT NOT NULL,
        lease_token TEXT,
        lease_expires_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((state = 'running') = (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL))
      ) STRICT;
      -- A running job does not block a new queued one: it may already have read the state the new request is about.
      CREATE UNIQUE INDEX jobs_one_queued_per_key ON jobs (key) WHERE state = 'queued';
      CREATE INDEX jobs_state_run_at ON jobs (state, run_at);
      CREATE INDEX jobs_running_lease ON jobs (lease_expires_at) WHERE state = 'running';

      CREATE TABLE repo_config_status (
        repository_id INTEGER PRIMARY KEY,
        repository TEXT NOT NULL,
        valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
        error_fingerprint TEXT,
        reported_check_run_id INTEGER,
        reported_sha TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: "approved fix patterns",
    sql: `
      -- Rules whose AI-written fixes a pattern approver has approved (and whose PR merged).
      CREATE TABLE approved_patterns (
        rule_id TEXT PRIMARY KEY,
        strategy TEXT NOT NULL,
        example_diff TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        repository TEXT NOT NULL,
        pull_request INTEGER NOT NULL,
        approved_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: "manual baseline of fixed alerts",
    sql: `
      -- Alerts each repository fixed before secfix's first backfill: the manual time to resolution.
      CREATE TABLE baseline_samples (
        repository_id INTEGER NOT NULL,
        repository TEXT NOT NULL,
        installation_id INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('code_scanning', 'dependabot')),
        alert_number INTEGER NOT NULL,
        severity TEXT NOT NULL,
        created_at TEXT NOT NULL,
        fixed_at TEXT NOT NULL,
        PRIMARY KEY (repository_id, source, alert_number)
      ) STRICT;
      CREATE INDEX baseline_samples_installation ON baseline_samples (installation_id);
      CREATE INDEX baseline_samples_repository ON baseline_samples (repository);

      -- Which sources' history was read, and the cutoff every later read keeps to.
      CREATE TABLE baseline_records (
        repository_id INTEGER PRIMARY KEY,
        repository TEXT NOT NULL,
        installation_id INTEGER NOT NULL,
        cutoff TEXT NOT NULL,
        sources TEXT NOT NULL CHECK (json_valid(sources))
      ) STRICT;
    `,
  },
];

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `the database schema is at version ${databaseVersion} but this secfix only knows versions up to ${codeVersion}: ` +
        `it was written by a newer secfix. Run that version (or newer), or point DATABASE_URL at another database; ` +
        `this version refuses to touch it rather than corrupt it.`,
    );
    this.name = "SchemaTooNewError";
  }
}

/**
 * Brings `db` up to the latest migration and returns the versions it applied (empty when already current).
 * The caller holds the write lock (`BEGIN IMMEDIATE`): that is what makes two processes starting at once
 * apply each migration exactly once, and a failed migration leave nothing behind.
 */
export function applyMigrations(db: Database.Database, now: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  assertOrdered(migrations);
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT
  `);
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as { version: number | null };
  const current = row.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);

  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec(migration.sql);
    record.run(migration.version, migration.name, now);
    applied.push(migration.version);
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions run 1, 2, 3, … with no gap)`);
    }
  });
}
