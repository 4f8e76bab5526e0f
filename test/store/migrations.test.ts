import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { GENESIS_HASH, type AuditEvent } from "../../src/domain/audit-event.js";
import { applyMigrations, MIGRATIONS, SchemaTooNewError, type Migration } from "../../src/store/migrations.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { useTempFolders } from "./temp-folders.js";

const tempFolder = useTempFolders();
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const handle of opened.splice(0).reverse()) await handle.close();
});

function databaseFile(): string {
  return path.join(tempFolder(), "secfix.db");
}

function openStore(filename: string): SqliteStore {
  const store = new SqliteStore({ filename });
  opened.push(store);
  return store;
}

/** A second, plain connection: what an operator with the sqlite3 shell would see. */
function inspect(filename: string): Database.Database {
  const db = new Database(filename);
  opened.push(db);
  return db;
}

function names(db: Database.Database, type: "table" | "index" | "trigger"): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = ? ORDER BY name").all(type) as { name: string }[]).map((row) => row.name);
}

function firstEvent(): AuditEvent {
  return {
    sequence: 1,
    at: "2026-11-20T10:00:00.000Z",
    actor: { type: "github", login: "Codertocat" },
    installationId: 1,
    repository: "Codertocat/Hello-World",
    subject: "finding:1:dependabot:3",
    action: "finding.recorded",
    details: { severity: "critical" },
    previousHash: GENESIS_HASH,
    hash: "a".repeat(64),
  };
}

describe("migrations", () => {
  it("gives a fresh database every table, index and trigger, and records the version", async () => {
    const filename = databaseFile();
    await openStore(filename).migrate();

    const db = inspect(filename);
    expect(names(db, "table")).toEqual(
      expect.arrayContaining(["audit_events", "deliveries", "findings", "fix_attempts", "jobs", "repo_config_status", "schema_migrations"]),
    );
    expect(names(db, "index")).toEqual(
      expect.arrayContaining(["findings_repository_state", "jobs_one_queued_per_key", "jobs_state_run_at"]),
    );
    expect(names(db, "trigger")).toEqual(["audit_events_no_delete", "audit_events_no_update"]);
    expect(db.prepare("SELECT version, name FROM schema_migrations").all()).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("changes nothing when run again, and keeps the data", async () => {
    const filename = databaseFile();
    const store = openStore(filename);
    await store.migrate();
    await store.transaction((tx) =>
      tx.recordDelivery({ id: "d-1", event: "ping", action: null, installationId: null, repository: null, receivedAt: "2026-11-20T10:00:00Z" }),
    );
    const db = inspect(filename);
    const before = db.prepare("SELECT * FROM schema_migrations").all();

    await store.migrate();
    await openStore(filename).migrate();

    expect(db.prepare("SELECT * FROM schema_migrations").all()).toEqual(before);
    expect(await store.read((reader) => reader.hasDelivery("d-1"))).toBe(true);
  });

  it("applies only the migrations a database lacks, in order", () => {
    const db = inspect(databaseFile());
    const known = MIGRATIONS.map((migration) => migration.version);
    const next: Migration = { version: known.length + 1, name: "add a note column", sql: "ALTER TABLE jobs ADD COLUMN note TEXT;" };

    expect(applyMigrations(db, "2026-11-20T10:00:00.000Z")).toEqual(known);
    expect(applyMigrations(db, "2026-11-21T10:00:00.000Z", [...MIGRATIONS, next])).toEqual([next.version]);
    expect(applyMigrations(db, "2026-11-22T10:00:00.000Z", [...MIGRATIONS, next])).toEqual([]);
    expect(db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all()).toEqual([...known, next.version]);
  });

  it("leaves nothing of a migration that fails half-way", () => {
    const db = inspect(databaseFile());
    applyMigrations(db, "2026-11-20T10:00:00.000Z");
    const broken: Migration = { version: MIGRATIONS.length + 1, name: "broken", sql: "CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;" };

    const migrate = db.transaction(() => applyMigrations(db, "2026-11-21T10:00:00.000Z", [...MIGRATIONS, broken]));

    expect(() => migrate.immediate()).toThrow(/syntax error/);
    expect(names(db, "table")).not.toContain("half_done");
    expect(db.prepare("SELECT version FROM schema_migrations").pluck().all()).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it("refuses a database written by a newer secfix", async () => {
    const filename = databaseFile();
    await openStore(filename).migrate();
    inspect(filename).prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01')").run();

    const attempt = openStore(filename).migrate();

    await expect(attempt).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(attempt).rejects.toThrow(`schema is at version 99 but this secfix only knows versions up to ${MIGRATIONS.length}`);
  });

  it("refuses a migration list with a gap in its versions", () => {
    const db = inspect(databaseFile());
    const skipped: Migration = { version: MIGRATIONS.length + 2, name: "skips one", sql: "SELECT 1;" };

    expect(() => applyMigrations(db, "2026-11-20T10:00:00.000Z", [...MIGRATIONS, skipped])).toThrow(`expected ${MIGRATIONS.length + 1}`);
  });

  it("makes the audit log append-only: UPDATE and DELETE are refused by the database itself", async () => {
    const filename = databaseFile();
    const store = openStore(filename);
    await store.migrate();
    await store.transaction((tx) => tx.insertAuditEvent(firstEvent()));
    const db = inspect(filename);

    expect(() => db.prepare("UPDATE audit_events SET action = 'finding.forgotten' WHERE sequence = 1").run()).toThrow(
      /audit_events is append-only: UPDATE is refused/,
    );
    expect(() => db.prepare("DELETE FROM audit_events").run()).toThrow(/audit_events is append-only: DELETE is refused/);
    expect(await store.read((reader) => reader.listAuditEvents())).toEqual([firstEvent()]);
  });
});
