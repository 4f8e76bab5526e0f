import { blocksPollution, fakeExpress, fakeResponse, loadModule } from "../harness.mjs";

const request = (userId, section, body) => ({ get: (name) => (name === "x-user-id" ? userId : undefined), params: { section }, body });

/** Saving a preference still works; `__proto__` as user id, section or key pollutes nothing. */
export async function check(modulePath) {
  const express = fakeExpress();
  loadModule(modulePath, { fakes: { express: express.module } });
  const handler = express.routes["POST /preferences/:section"];
  const res = fakeResponse();
  handler(request("u1", "editor", { key: "theme", value: "dark" }), res);
  const normal = JSON.stringify(res.body) === JSON.stringify({ theme: "dark" });
  const attackBlocked =
    blocksPollution(() => handler(request("u1", "__proto__", { key: "polluted", value: "yes" }), fakeResponse())) &&
    blocksPollution(() => handler(request("__proto__", "polluted", { key: "x", value: "yes" }), fakeResponse())) &&
    blocksPollution(() => handler(request("u2", "editor", { key: "__proto__", value: { polluted: "yes" } }), fakeResponse()));
  return { normal, attackBlocked };
}
