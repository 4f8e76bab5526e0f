import { loadModule } from "../../../web-corpus-harness.mjs";

/** The agent keeps its other options and verifies server certificates again. */
export async function check(modulePath) {
  const { partnerAgent } = loadModule(modulePath);
  const normal = partnerAgent.keepAlive === true;
  const attackBlocked = partnerAgent.options.rejectUnauthorized !== false;
  return { normal, attackBlocked };
}
