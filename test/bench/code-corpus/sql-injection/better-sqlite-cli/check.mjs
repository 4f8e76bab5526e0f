import { fakeBetterSqlite, loadModule, seededDatabase } from "../harness.mjs";

/** An author's published titles still come back; `x' OR 1=1 --` no longer lists drafts and everyone's posts. */
export async function check(modulePath) {
  const driver = fakeBetterSqlite(seededDatabase());
  const { publishedTitles } = loadModule(modulePath, { fakes: { "better-sqlite3": driver.module } });
  const normal = JSON.stringify(publishedTitles("alice")) === JSON.stringify(["Hello world"]);
  const attackBlocked = publishedTitles("x' OR 1=1 --").length === 0;
  return { normal, attackBlocked };
}
