import { createHash } from "node:crypto";
import { loadModule } from "../../../web-corpus-harness.mjs";

/** Users still sign in; the stored hash is salted, so an MD5 lookup table finds nothing. */
export async function check(modulePath) {
  const { UserStore } = loadModule(modulePath);
  const store = new UserStore();
  store.register("ada@example.com", "correct horse battery");
  store.register("bob@example.com", "correct horse battery");
  const normal = store.authenticate("ada@example.com", "correct horse battery") && !store.authenticate("ada@example.com", "wrong") && !store.authenticate("eve@example.com", "x");
  const stored = store.users.get("ada@example.com").passwordHash;
  const md5 = createHash("md5").update("correct horse battery").digest("hex");
  const attackBlocked = !stored.includes(md5) && stored !== store.users.get("bob@example.com").passwordHash;
  return { normal, attackBlocked };
}
