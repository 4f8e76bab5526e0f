import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const seen = [];
  const session = (options) => (seen.push(options), () => undefined);
  loadModule(modulePath, { fakes: { "express-session": session } });
  const cookie = seen[0].cookie;
  const normal = seen[0].name === "sid" && cookie.maxAge === 28800000;
  const attackBlocked = cookie.secure === true && cookie.httpOnly === true;
  return { normal, attackBlocked };
}
