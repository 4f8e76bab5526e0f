import { describe, expect, it } from "vitest";
import type { RecipeOutcome } from "../../../src/domain/code-fix.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { sqlInjectionRecipe } from "../../../src/patch/recipes/sql-injection.js";
import { alertAt } from "./helpers/alert-at.js";
import { loadWithFakes } from "./helpers/load-with-fakes.js";
import { fakeBetterSqlite, fakeMysql, fakePg, fakeSqlite3, seededDatabase } from "./helpers/sql-fakes.js";

const fix = (path: string, source: string, needle: string, ruleId = "js/sql-injection"): RecipeOutcome =>
  sqlInjectionRecipe.fix({ source, alert: alertAt(source, path, ruleId, needle) });

const fixed = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "fixed") throw new Error(`expected a fix, got: ${outcome.reason}`);
  return outcome.after;
};

const declineReason = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "declined") throw new Error("expected a decline");
  return outcome.reason;
};

const MYSQL_ROUTE_JS = `const mysql = require("mysql");

const pool = mysql.createPool({ host: "db", user: "app", database: "app" });

function findUser(req, res) {
  pool.query("SELECT id, name, role FROM users WHERE name = '" + req.query.name + "' AND id = " + req.query.id, (err, rows) => {
    if (err) return res.status(500).json({ error: "query failed" });
    res.json(rows);
  });
}

module.exports = { findUser };
`;

const LOGIN_MJS = `import mysql from "mysql2/promise";

export async function login(pool, name, password) {
  const [rows] = await pool.execute(
    "SELECT id, role FROM users " +
      "WHERE name = '" + name + "' " +
      "AND password = '" + password + "'",
  );
  return rows[0] ?? null;
}
`;

const SEARCH_TS = `import { Pool } from "pg";

const pool = new Pool();

export async function searchPosts(term: string, status: string) {
  const sql = \`SELECT id, title
    FROM posts
    WHERE title LIKE '%\${term}%' AND status = '\${status}'
    ORDER BY id\`;
  const { rows } = await pool.query(sql);
  return rows;
}
`;

const BETTER_SQLITE_JS = `const Database = require("better-sqlite3");

const db = new Database("app.db");
const TABLE = "users";

function roleOf(name) {
  const row = db.prepare("SELECT role FROM " + TABLE +
    " WHERE name = '" + name + "'" +
    " LIMIT 1").get();
  return row ? row.role : null;
}

module.exports = { roleOf };
`;

/** A response stand-in that keeps what the handler sent. */
function fakeResponse() {
  const response = { code: 200, body: undefined as unknown, status: (code: number) => ((response.code = code), response), json: (body: unknown) => ((response.body = body), response) };
  return response;
}

describe("sqlInjectionRecipe", () => {
  it("is found by its CodeQL id and the Semgrep aliases", () => {
    for (const id of [
      "js/sql-injection",
      "javascript.lang.security.audit.sqli.node-mysql-sqli.node-mysql-sqli",
      "javascript.lang.security.audit.sqli.node-postgres-sqli.node-postgres-sqli",
      "javascript.express.security.injection.tainted-sql-string.tainted-sql-string",
    ]) {
      expect(recipeForRule([sqlInjectionRecipe], id)).toBe(sqlInjectionRecipe);
    }
  });

  it("binds a quoted and an unquoted value with ? for mysql and keeps the callback (CommonJS)", () => {
    expect(fixed(fix("routes/users.js", MYSQL_ROUTE_JS, "req.query.name"))).toBe(`const mysql = require("mysql");

const pool = mysql.createPool({ host: "db", user: "app", database: "app" });

function findUser(req, res) {
  pool.query("SELECT id, name, role FROM users WHERE name = ? AND id = ?", [String(req.query.name), String(req.query.id)], (err, rows) => {
    if (err) return res.status(500).json({ error: "query failed" });
    res.json(rows);
  });
}

module.exports = { findUser };
`);
  });

  it("finds the same user as before and returns nobody for a quote-breaking name", () => {
    const attack = { query: { name: "x' OR '1'='1", id: "0 OR 1=1" } };

    const before = fakeMysql(seededDatabase());
    const vulnerable = loadWithFakes(MYSQL_ROUTE_JS, { fakes: { mysql: before.module } });
    const leaked = fakeResponse();
    vulnerable.findUser(attack, leaked);
    expect(leaked.body).toHaveLength(2); // the injection is real: every user comes back

    const driver = fakeMysql(seededDatabase());
    const patched = loadWithFakes(fixed(fix("routes/users.js", MYSQL_ROUTE_JS, "req.query.name")), { fakes: { mysql: driver.module } });
    const normal = fakeResponse();
    patched.findUser({ query: { name: "alice", id: "1" } }, normal);
    expect(normal.body).toEqual([{ id: 1, name: "alice", role: "admin" }]);
    const blocked = fakeResponse();
    patched.findUser(attack, blocked);
    expect(blocked.body).toEqual([]);
    expect(driver.queries[1]).toEqual({ sql: "SELECT id, name, role FROM users WHERE name = ? AND id = ?", values: ["x' OR '1'='1", "0 OR 1=1"] });
  });

  it("keeps a query split over several lines split, with the values on their own line (mysql2/promise, ESM)", () => {
    expect(fixed(fix("src/login.mjs", LOGIN_MJS, "pool.execute("))).toBe(`import mysql from "mysql2/promise";

export async function login(pool, name, password) {
  const [rows] = await pool.execute(
    "SELECT id, role FROM users " +
      "WHERE name = ? " +
      "AND password = ?",
    [String(name), String(password)],
  );
  return rows[0] ?? null;
}
`);
  });

  it("still logs alice in, and `alice' --` no longer skips the password check", async () => {
    const before = fakeMysql(seededDatabase());
    const vulnerable = loadWithFakes(LOGIN_MJS, { fileName: "login.mjs", fakes: { "mysql2/promise": before.module } });
    expect(await vulnerable.login(before.connection, "alice' --", "wrong")).toEqual({ id: 1, role: "admin" });

    const driver = fakeMysql(seededDatabase());
    const patched = loadWithFakes(fixed(fix("src/login.mjs", LOGIN_MJS, "pool.execute(")), { fileName: "login.mjs", fakes: { "mysql2/promise": driver.module } });
    expect(await patched.login(driver.connection, "alice", "s3cret")).toEqual({ id: 1, role: "admin" });
    expect(await patched.login(driver.connection, "alice' --", "wrong")).toBeNull();
  });

  it("numbers pg placeholders, binds a LIKE pattern with its wildcards and keeps the template's lines (TypeScript)", () => {
    expect(fixed(fix("src/search.ts", SEARCH_TS, "pool.query(sql)"))).toBe(`import { Pool } from "pg";

const pool = new Pool();

export async function searchPosts(term: string, status: string) {
  const sql = \`SELECT id, title
    FROM posts
    WHERE title LIKE $1 AND status = $2
    ORDER BY id\`;
  const { rows } = await pool.query(sql, [\`%\${term}%\`, String(status)]);
  return rows;
}
`);
  });

  it("searches as before and a UNION payload in the term stays a search string", async () => {
    const driver = fakePg(seededDatabase());
    const patched = loadWithFakes(fixed(fix("src/search.ts", SEARCH_TS, "pool.query(sql)")), { fileName: "search.ts", fakes: { pg: driver.module } });
    expect(await patched.searchPosts("Hello", "published")).toEqual([
      { id: 1, title: "Hello world" },
      { id: 3, title: "Hello again" },
    ]);
    expect(await patched.searchPosts("' UNION SELECT id, password FROM users --", "published")).toEqual([]);
    expect(driver.queries[1]!.values).toEqual(["%' UNION SELECT id, password FROM users --%", "published"]);
  });

  it("keeps a constant table name spliced in and passes the value to better-sqlite3's get()", () => {
    const after = fixed(fix("lib/roles.js", BETTER_SQLITE_JS, "\" WHERE name = '\" + name + \"'\""));
    expect(after).toBe(`const Database = require("better-sqlite3");

const db = new Database("app.db");
const TABLE = "users";

function roleOf(name) {
  const row = db.prepare("SELECT role FROM " + TABLE +
    " WHERE name = ?" +
    " LIMIT 1").get(String(name));
  return row ? row.role : null;
}

module.exports = { roleOf };
`);
    const driver = fakeBetterSqlite(seededDatabase());
    const patched = loadWithFakes(after, { fakes: { "better-sqlite3": driver.module } });
    expect(patched.roleOf("bob")).toBe("user");
    expect(patched.roleOf("nobody' OR name = 'alice")).toBeNull();
  });

  it("adds the values array before a sqlite3 callback in a template query", () => {
    const source = `const sqlite3 = require("sqlite3");
const db = new sqlite3.Database("blog.db");

exports.byAuthor = (author, cb) => {
  db.all(\`SELECT title FROM posts WHERE author = '\${author}' AND status = 'published'\`, cb);
};
`;
    const after = fixed(fix("db/posts.js", source, "db.all("));
    expect(after).toBe(`const sqlite3 = require("sqlite3");
const db = new sqlite3.Database("blog.db");

exports.byAuthor = (author, cb) => {
  db.all(\`SELECT title FROM posts WHERE author = ? AND status = 'published'\`, [String(author)], cb);
};
`);
    const driver = fakeSqlite3(seededDatabase());
    const patched = loadWithFakes(after, { fakes: { sqlite3: driver.module } });
    const results: unknown[] = [];
    patched.byAuthor("alice", (_err: unknown, rows: unknown) => results.push(rows));
    patched.byAuthor("x' OR '1'='1", (_err: unknown, rows: unknown) => results.push(rows));
    expect(results).toEqual([[{ title: "Hello world" }], []]);
  });

  it("rewrites only the query an alert inside a route points at, not the route registration around it", () => {
    const source = `const sqlite3 = require("sqlite3");
const db = new sqlite3.Database("blog.db");
const BASE = "/api";

app.get(\`\${BASE}/posts\`, (req, res) => {
  db.get("SELECT title FROM posts WHERE id = " + req.query.id, (err, row) => res.json(row));
});
`;
    expect(fixed(fix("routes.js", source, "req.query.id"))).toBe(`const sqlite3 = require("sqlite3");
const db = new sqlite3.Database("blog.db");
const BASE = "/api";

app.get(\`\${BASE}/posts\`, (req, res) => {
  db.get("SELECT title FROM posts WHERE id = ?", [String(req.query.id)], (err, row) => res.json(row));
});
`);
  });

  it("leaves named constant queries alone when an alert spans several calls", () => {
    const source = `const mysql = require("mysql");
const ALL = "SELECT * FROM users";
function all(conn, cb) { conn.query(ALL, cb); }
function again(conn, cb) { conn.query(ALL, cb); }
function named(conn, name, cb) { conn.query("SELECT * FROM users WHERE name = '" + name + "'", cb); }
`;
    const outcome = sqlInjectionRecipe.fix({ source, alert: { ...alertAt(source, "q.js", "js/sql-injection", "function all"), endLine: 5, endColumn: null } });
    expect(fixed(outcome)).toBe(`const mysql = require("mysql");
const ALL = "SELECT * FROM users";
function all(conn, cb) { conn.query(ALL, cb); }
function again(conn, cb) { conn.query(ALL, cb); }
function named(conn, name, cb) { conn.query("SELECT * FROM users WHERE name = ?", [String(name)], cb); }
`);
  });

  it("binds every value of an INSERT ... VALUES list, quoted or not", () => {
    const source = `import { Pool } from "pg";
const pool = new Pool();
export const addPost = (author, title, id) => pool.query("INSERT INTO posts (id, author, title, status) VALUES (" + id + ", '" + author + "', '" + title + "', 'draft')");
`;
    expect(fixed(fix("posts.mjs", source, "pool.query("))).toBe(`import { Pool } from "pg";
const pool = new Pool();
export const addPost = (author, title, id) => pool.query("INSERT INTO posts (id, author, title, status) VALUES ($1, $2, $3, 'draft')", [String(id), String(author), String(title)]);
`);
  });

  it.each([
    ["a column in ORDER BY", `conn.query("SELECT * FROM posts ORDER BY " + column, cb);`, /ORDER BY/],
    ["a table name", `conn.query("SELECT * FROM " + table + " WHERE id = 1", cb);`, /table name/],
    ["an IN list", `conn.query("SELECT * FROM posts WHERE id IN (" + ids + ")", cb);`, /IN \(…\) list/],
    ["a LIMIT", `conn.query("SELECT * FROM posts LIMIT " + limit, cb);`, /LIMIT/],
    ["a value glued to a name", `conn.query("SELECT * FROM posts_" + suffix, cb);`, /glued/],
    ["placeholders already in use", `conn.query("SELECT * FROM posts WHERE a = ? AND b = '" + b + "'", [a], cb);`, /placeholders/],
    ["values already passed", `conn.query("SELECT * FROM posts WHERE b = '" + b + "'", [a], cb);`, /already passes values/],
    ["an options object", `conn.query({ sql: "SELECT * FROM posts WHERE b = '" + b + "'" }, cb);`, /options object/],
    ["SQL built up over several statements", `let text = "SELECT * FROM posts"; text += " WHERE b = '" + b + "'"; conn.query(text, cb);`, /not a `const`/],
    ["a double-quoted value", `conn.query('SELECT * FROM posts WHERE b = "' + b + '"', cb);`, /double-quoted/],
    ["the whole SQL from a parameter", `conn.query(sql, cb);`, /whole SQL comes from/],
  ])("declines %s", (_name, call, reason) => {
    const source = `const mysql = require("mysql");\nfunction run(conn, column, table, ids, limit, suffix, a, b, sql, cb) {\n  ${call}\n}\n`;
    expect(declineReason(fix("q.js", source, "conn.query("))).toMatch(reason);
  });

  it("declines when the driver cannot be told from the file", () => {
    const none = `async function f(client, name) { return client.query("SELECT * FROM users WHERE name = '" + name + "'"); }\n`;
    expect(declineReason(fix("a.js", none, "client.query("))).toMatch(/imports none/);
    const two = `const mysql = require("mysql");\nconst { Pool } = require("pg");\nasync function f(client, name) { return client.query("SELECT * FROM users WHERE name = '" + name + "'"); }\n`;
    expect(declineReason(fix("b.js", two, "client.query("))).toMatch(/several database drivers/);
  });

  it("declines a prepared statement that is kept and run elsewhere", () => {
    const source = `const Database = require("better-sqlite3");\nconst db = new Database(":memory:");\nfunction f(name) { const stmt = db.prepare("SELECT * FROM users WHERE name = '" + name + "'"); return stmt.all(); }\n`;
    expect(declineReason(fix("c.js", source, "db.prepare("))).toMatch(/run elsewhere/);
  });
});
