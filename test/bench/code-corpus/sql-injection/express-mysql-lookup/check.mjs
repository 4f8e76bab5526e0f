import { fakeExpress, fakeMysql, fakeResponse, loadModule, seededDatabase } from "../harness.mjs";

/** A known email still finds its user; `' OR '1'='1` no longer returns the first user (the admin). */
export async function check(modulePath) {
  const driver = fakeMysql(seededDatabase());
  const express = fakeExpress();
  loadModule(modulePath, { fakes: { express: express.module, mysql2: driver.module } });
  const handler = express.routes["GET /users/by-email"];

  const found = fakeResponse();
  handler({ query: { email: "bob@example.com" } }, found);
  const normal = found.statusCode === 200 && JSON.stringify(found.body) === JSON.stringify({ id: 2, name: "bob", role: "user" });

  const attack = fakeResponse();
  handler({ query: { email: "x' OR '1'='1" } }, attack);
  const attackBlocked = attack.statusCode === 404;
  return { normal, attackBlocked };
}
