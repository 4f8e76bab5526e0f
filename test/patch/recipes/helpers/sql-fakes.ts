import Database from "better-sqlite3";

export interface RecordedQuery {
  sql: string;
  values: unknown[];
}

/** An in-memory SQLite database with two users, so a query's effect can be seen, not guessed. */
export function seededDatabase(): Database.Database {
  const db = new Database(":memory:");
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, password TEXT, role TEXT);
    INSERT INTO users (name, password, role) VALUES ('alice', 's3cret', 'admin'), ('bob', 'hunter2', 'user');
    CREATE TABLE posts (id INTEGER PRIMARY KEY, author TEXT, title TEXT, status TEXT);
    INSERT INTO posts (author, title, status) VALUES ('alice', 'Hello world', 'published'), ('alice', 'Draft notes', 'draft'), ('bob', 'Hello again', 'published');
  `);
  return db;
}

/** Runs one statement the way the drivers do: rows for a query, a result for anything else; never two statements. */
function run(db: Database.Database, sql: string, values: unknown[]): unknown[] | Database.RunResult {
  const statement = db.prepare(sql);
  return statement.reader ? statement.all(...values) : statement.run(...values);
}

/** `mysql` / `mysql2` pools and connections (callbacks) backed by SQLite; `?` placeholders work the same. */
export function fakeMysql(db: Database.Database) {
  const queries: RecordedQuery[] = [];
  const connection = {
    query(sql: string, ...rest: unknown[]) {
      const callback = rest.find((arg): arg is (err: unknown, rows?: unknown) => void => typeof arg === "function");
      const values = Array.isArray(rest[0]) ? (rest[0] as unknown[]) : [];
      queries.push({ sql, values });
      try {
        const rows = run(db, sql, values);
        callback?.(null, rows);
      } catch (error) {
        callback?.(error);
      }
    },
    /** mysql2/promise: `const [rows] = await conn.execute(sql, values)`. */
    async execute(sql: string, values: unknown[] = []) {
      queries.push({ sql, values });
      return [run(db, sql, values), []];
    },
  };
  return { queries, connection, module: { createPool: () => connection, createConnection: () => connection } };
}

/** `pg` Pool / Client backed by SQLite: `$1`, `$2`… become positional `?` (they are always in order here). */
export function fakePg(db: Database.Database) {
  const queries: RecordedQuery[] = [];
  class Client {
    async query(text: string, values: unknown[] = []) {
      queries.push({ sql: text, values });
      const order: number[] = [];
      const sql = text.replace(/\$(\d+)/g, (_match, n: string) => (order.push(Number(n) - 1), "?"));
      const rows = run(db, sql, order.map((i) => values[i]));
      return { rows: Array.isArray(rows) ? rows : [] };
    }
  }
  return { queries, module: { Pool: Client, Client } };
}

/** `better-sqlite3` whose every database is the seeded one, recording what each prepared statement runs with. */
export function fakeBetterSqlite(db: Database.Database) {
  const queries: RecordedQuery[] = [];
  const wrap = (sql: string) => {
    const statement = db.prepare(sql);
    const record = (values: unknown[]) => queries.push({ sql, values });
    return {
      get: (...values: unknown[]) => (record(values), statement.get(...values)),
      all: (...values: unknown[]) => (record(values), statement.all(...values)),
      run: (...values: unknown[]) => (record(values), statement.run(...values)),
    };
  };
  function FakeDatabase() {
    return { prepare: wrap, exec: (sql: string) => db.exec(sql) };
  }
  return { queries, module: FakeDatabase };
}

/** `sqlite3` (callbacks) over the seeded database. */
export function fakeSqlite3(db: Database.Database) {
  const queries: RecordedQuery[] = [];
  const method =
    (kind: "all" | "get" | "run") =>
    (sql: string, ...rest: unknown[]) => {
      const callback = rest.find((arg): arg is (err: unknown, rows?: unknown) => void => typeof arg === "function");
      const values = Array.isArray(rest[0]) ? (rest[0] as unknown[]) : [];
      queries.push({ sql, values });
      try {
        const statement = db.prepare(sql);
        const result = kind === "all" ? statement.all(...values) : kind === "get" ? statement.get(...values) : statement.run(...values);
        callback?.(null, result);
      } catch (error) {
        callback?.(error);
      }
    };
  class FakeDatabase {
    all = method("all");
    get = method("get");
    run = method("run");
  }
  return { queries, module: { Database: FakeDatabase, verbose: () => ({ Database: FakeDatabase }) } };
}
