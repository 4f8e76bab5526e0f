import { readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { basename, dirname } from "node:path";
import vm from "node:vm";
import ts from "typescript";
import Database from "better-sqlite3";

/**
 * Loads a (patched) sample from `modulePath` and returns its exports. JavaScript or TypeScript,
 * CommonJS or ES module: it is compiled to CommonJS so that every `require` / `import` goes through
 * one function, which hands out `fakes` (by bare name; `node:` is ignored), real Node built-ins,
 * and nothing else. The sample runs in this realm, so prototype pollution is visible to the check.
 */
export function loadModule(modulePath, { fakes = {}, dirname: dir = dirname(modulePath) } = {}) {
  const source = readFileSync(modulePath, "utf8");
  const typescript = /\.[cm]?tsx?$/.test(modulePath);
  const js = ts.transpileModule(source, {
    fileName: typescript ? "module.ts" : "module.js",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true },
  }).outputText;
  const body = js.startsWith("#!") ? `//${js.slice(2)}` : js;
  const realRequire = createRequire(modulePath);
  const module = { exports: {} };
  const require = (name) => {
    const bare = name.replace(/^node:/, "");
    if (bare in fakes) return fakes[bare];
    if (builtinModules.includes(bare)) return realRequire(`node:${bare}`);
    throw new Error(`${basename(modulePath)} requires ${name}, which the check does not provide`);
  };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {\n${body}\n})`, { filename: modulePath });
  wrapper(module.exports, require, module, `${dir}/${basename(modulePath)}`, dir);
  return module.exports;
}

/** Just enough of express for a sample: `express()` and `express.Router()` record handlers by method and path. */
export function fakeExpress() {
  const routes = {};
  const app = {};
  for (const method of ["get", "post", "put", "delete", "use"]) {
    app[method] = (path, ...handlers) => {
      routes[`${method.toUpperCase()} ${path}`] = handlers[handlers.length - 1];
      return app;
    };
  }
  app.listen = () => app;
  const express = Object.assign(() => app, { Router: () => app, json: () => (req, res, next) => next() });
  return { routes, module: express };
}

/** A response that records status, headers and body the way express and node http set them. */
export function fakeResponse() {
  const res = {
    statusCode: 200,
    body: undefined,
    headers: {},
    status(code) { res.statusCode = code; return res; },
    sendStatus(code) { res.statusCode = code; return res; },
    set(name, value) { res.headers[name] = value; return res; },
    type() { return res; },
    setHeader(name, value) { res.headers[name] = value; },
    writeHead(code, headers) { res.statusCode = code; Object.assign(res.headers, headers ?? {}); return res; },
    send(body) { res.body = body; return res; },
    json(body) { res.body = body; return res; },
    end(body) { if (body !== undefined) res.body = body; return res; },
  };
  return res;
}


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
