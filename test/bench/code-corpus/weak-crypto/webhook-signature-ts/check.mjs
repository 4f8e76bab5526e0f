import { createHmac } from "node:crypto";
import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { sign, verify } = loadModule(modulePath);
  const normal = verify("{}", "k", sign("{}", "k")) && !verify("{}", "k", sign("{x}", "k"));
  const attackBlocked = sign("{}", "k") === createHmac("sha256", "k").update("{}").digest("hex");
  return { normal, attackBlocked };
}
