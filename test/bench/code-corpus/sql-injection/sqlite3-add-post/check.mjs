import { fakeSqlite3, loadModule, seededDatabase } from "../harness.mjs";

const call = (fn, ...args) => new Promise((resolve) => fn(...args, (err, result) => resolve({ err, result })));

/** Drafts are still saved; a title that closes the quote can no longer copy a password into the row. */
export async function check(modulePath) {
  const driver = fakeSqlite3(seededDatabase());
  const { addDraft, draftsOf } = loadModule(modulePath, { fakes: { sqlite3: driver.module } });
  const added = await call(addDraft, "carol", "My first post");
  const drafts = await call(draftsOf, "carol");
  const normal = added.err == null && added.result === 4 && JSON.stringify(drafts.result) === JSON.stringify([{ title: "My first post", status: "draft" }]);

  await call(addDraft, "mallory", "x', (SELECT password FROM users WHERE name = 'alice')) --");
  const stolen = await call(draftsOf, "mallory");
  const attackBlocked = !(stolen.result ?? []).some((row) => row.status === "s3cret");
  return { normal, attackBlocked };
}
