import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  try {
    const { ready, fetchStatus } = loadModule(modulePath);
    const normal = ready === true && typeof fetchStatus === "function";
    const attackBlocked = process.env.NODE_TLS_REJECT_UNAUTHORIZED !== "0";
    return { normal, attackBlocked };
  } finally {
    if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
  }
}
