import { fakeMysql, loadModule, seededDatabase } from "../harness.mjs";

/** The right password still logs in; `alice' --` as the name no longer skips the password check. */
export async function check(modulePath) {
  const driver = fakeMysql(seededDatabase());
  const { authenticate } = loadModule(modulePath, { fakes: { "mysql2/promise": driver.module } });
  const user = await authenticate("alice", "s3cret");
  const wrong = await authenticate("alice", "guess");
  const normal = JSON.stringify(user) === JSON.stringify({ id: 1, role: "admin" }) && wrong === null;
  const attackBlocked = (await authenticate("alice' --", "anything")) === null;
  return { normal, attackBlocked };
}
