import { fakeBetterSqlite, loadModule, seededDatabase } from "../harness.mjs";

/** A user is still found by name; `x' OR role = 'admin` no longer returns the admin. */
export async function check(modulePath) {
  const driver = fakeBetterSqlite(seededDatabase());
  const { UserRepository } = loadModule(modulePath, { fakes: { "better-sqlite3": driver.module } });
  const users = new UserRepository("app.db");
  const normal = JSON.stringify(users.findByName("bob")) === JSON.stringify({ id: 2, name: "bob", role: "user" });
  const attackBlocked = users.findByName("x' OR role = 'admin") === undefined;
  return { normal, attackBlocked };
}
