import Database from "better-sqlite3";

export { fakeExpress, fakeResponse, loadModule } from "../../injection-corpus-harness.mjs";

/** An in-memory SQLite database with users and posts, so a query's effect is observed, not guessed. */
export function seededDatabase() {
  const db = new Database(":memory:");
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, password TEXT, role TEXT);
    INSERT INTO users (name, email, password, role) VALUES
      ('alice', 'alice@example.com', 's3cret', 'admin'),
      ('bob', 'bob@example.com', 'hunter2', 'user');
    CREATE TABLE posts (id INTEGER PRIMARY KEY, author TEXT, title TEXT, status TEXT);
    INSERT INTO posts (author, title, status) VALUES
      ('alice', 'Hello world', 'published'),
      ('alice', 'Draft notes', 'draft'),
      ('bob', 'Hello again', 'published');
  `);
  return db;
}

/** One statement, as the drivers run it: rows for a query, a run result otherwise; never two statements. */
function run(db, sql, values) {
  const statement = db.prepare(sql);
  return statement.reader ? statement.all(...values) : statement.run(...values);
}

/** `mysql` / `mysql2` (callbacks) and `mysql2/promise` over SQLite; `?` placeholders mean the same. */
export function fakeMysql(db) {
  const queries = [];
  const connection = {
    query(sql, ...rest) {
      const callback = rest.find((arg) => typeof arg === "function");
      const values = Array.isArray(rest[0]) ? rest[0] : [];
      queries.push({ sql, values });
      let rows;
      try {
        rows = run(db, sql, values);
      } catch (error) {
        callback?.(error);
        return;
      }
      callback?.(null, rows);
    },
    async execute(sql, values = []) {
      queries.push({ sql, values });
      return [run(db, sql, values), []];
    },
    release() {},
    end() {},
  };
  const module = { createPool: () => connection, createConnection: () => connection };
  return { queries, connection, module: { ...module, default: module } };
}

/** `pg` Pool / Client over SQLite: `$n` placeholders become positional `?` in their order. */
export function fakePg(db) {
  const queries = [];
  class Client {
    async query(text, values = []) {
      queries.push({ sql: text, values });
      const order = [];
      const sql = text.replace(/\$(\d+)/g, (_match, n) => (order.push(Number(n) - 1), "?"));
      const rows = run(db, sql, order.map((i) => values[i]));
      return { rows: Array.isArray(rows) ? rows : [] };
    }
    async connect() { return this; }
    release() {}
  }
  return { queries, module: { Pool: Client, Client } };
}

/** `better-sqlite3`, whatever file it is opened on, is the seeded database. */
export function fakeBetterSqlite(db) {
  function FakeDatabase() {
    return { prepare: (sql) => db.prepare(sql), exec: (sql) => db.exec(sql), close() {} };
  }
  return { module: FakeDatabase };
}

/** `sqlite3` (callbacks) over the seeded database. */
export function fakeSqlite3(db) {
  const method = (kind) => (sql, ...rest) => {
    const callback = rest.find((arg) => typeof arg === "function");
    const values = Array.isArray(rest[0]) ? rest[0] : [];
    let result;
    try {
      const statement = db.prepare(sql);
      result = kind === "all" ? statement.all(...values) : kind === "get" ? statement.get(...values) : statement.run(...values);
    } catch (error) {
      callback?.(error);
      return;
    }
    // sqlite3 calls run()'s callback with the statement as `this` (lastID, changes).
    if (kind === "run") callback?.call({ lastID: Number(result.lastInsertRowid), changes: result.changes }, null);
    else callback?.(null, result);
  };
  class FakeDatabase {
    all = method("all");
    get = method("get");
    run = method("run");
  }
  return { module: { Database: FakeDatabase, verbose: () => ({ Database: FakeDatabase }) } };
}
