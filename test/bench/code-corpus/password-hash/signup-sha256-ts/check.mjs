import { createHash } from "node:crypto";
import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { signUp, signIn, rows } = loadModule(modulePath);
  signUp("ada", "pa55word");
  const normal = signIn("ada", "pa55word") && !signIn("ada", "pa55wort");
  const fast = createHash("sha256").update("pa55word").digest("base64");
  const attackBlocked = rows[0].pw !== fast && !rows[0].pw.includes(fast);
  return { normal, attackBlocked };
}
