import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore, type StoreLog } from "./sqlite-store.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions {
  /** `DATABASE_URL` as configured; unset or empty means the embedded default, `./data/secfix.db`. */
  databaseUrl?: string | undefined;
  log?: StoreLog;
  /** Folder that relative paths are resolved against. */
  cwd?: string;
  clock?: () => Date;
  defaultMaxAttempts?: number;
}

export const DEFAULT_DATABASE_PATH = "data/secfix.db";

/** Opens the store `DATABASE_URL` names and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const filename = sqliteFilename(options.databaseUrl, options.cwd ?? process.cwd());
  if (filename !== ":memory:") mkdirSync(path.dirname(filename), { recursive: true });
  const store = new SqliteStore({
    filename,
    ...(options.log && { log: options.log }),
    ...(options.clock && { clock: options.clock }),
    ...(options.defaultMaxAttempts !== undefined && { defaultMaxAttempts: options.defaultMaxAttempts }),
  });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  options.log?.info({ store: "sqlite", filename }, "store opened");
  return store;
}

/**
 * The SQLite file a `DATABASE_URL` names, as an absolute path (or `:memory:`).
 * Accepts `sqlite:path`, `sqlite:///absolute/path`, `file:path`, `file:///absolute/path` and plain paths.
 */
export function sqliteFilename(databaseUrl: string | undefined, cwd: string): string {
  const url = databaseUrl?.trim() ?? "";
  if (url === "") return path.resolve(cwd, DEFAULT_DATABASE_PATH);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // The URL is not echoed: it usually carries a password.
    throw new Error(
      "DATABASE_URL points to PostgreSQL, but the PostgreSQL store is not available in this version of secfix. " +
        `Unset DATABASE_URL to use the embedded SQLite database (./${DEFAULT_DATABASE_PATH}), ` +
        "or set it to sqlite:path/to/secfix.db.",
    );
  }
  let file: string;
  if (/^sqlite:/i.test(url)) {
    file = url.slice("sqlite:".length);
    if (file.startsWith("//")) file = file.slice(2);
  } else if (/^file:\/\//i.test(url)) {
    file = fileURLToPath(url);
  } else if (/^file:/i.test(url)) {
    file = url.slice("file:".length);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const scheme = url.slice(0, url.indexOf(":"));
    throw new Error(`DATABASE_URL uses "${scheme}:", which secfix does not support; use sqlite:path/to/secfix.db or unset it.`);
  } else {
    file = url;
  }
  if (file === ":memory:") return file;
  if (file === "") throw new Error(`DATABASE_URL "${url}" names no file; use sqlite:path/to/secfix.db or unset it.`);
  return path.resolve(cwd, file);
}
