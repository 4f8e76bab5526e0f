import { fakeExpress, fakeResponse, fixtureDir, loadModule } from "../harness.mjs";

/** Uploaded files still download; `../secret.txt` no longer does. */
export async function check(modulePath) {
  const dir = fixtureDir("uploads");
  const express = fakeExpress();
  loadModule(modulePath, { dirname: dir, fakes: { express: express.module } });
  const handler = express.routes["GET /download"];

  const ok = fakeResponse();
  handler({ query: { file: "hello.txt" } }, ok);
  const normal = ok.statusCode === 200 && ok.body === "hello";

  const attack = fakeResponse();
  handler({ query: { file: "../secret.txt" } }, attack);
  const attackBlocked = attack.body !== "TOP SECRET";
  return { normal, attackBlocked };
}
