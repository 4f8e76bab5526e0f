import { createHash } from "node:crypto";
import { loadModule } from "../../../web-corpus-harness.mjs";

/** Same token, same fingerprint; the digest is SHA-256, not the collision-prone SHA-1. */
export async function check(modulePath) {
  const { tokenFingerprint } = loadModule(modulePath);
  const normal = tokenFingerprint("tok_1") === tokenFingerprint("tok_1") && tokenFingerprint("tok_1") !== tokenFingerprint("tok_2");
  const attackBlocked = tokenFingerprint("tok_1") === createHash("sha256").update("tok_1").digest("hex");
  return { normal, attackBlocked };
}
