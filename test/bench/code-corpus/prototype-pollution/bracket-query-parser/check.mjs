import { blocksPollution, loadModule } from "../harness.mjs";

/** Nested keys still parse; `__proto__[…]` and `constructor[prototype][…]` keys pollute nothing. */
export async function check(modulePath) {
  const { parseQuery } = loadModule(modulePath);
  const parsed = parseQuery("?user[name]=ada&user[role]=admin&page=2");
  const normal = JSON.stringify(parsed) === JSON.stringify({ user: { name: "ada", role: "admin" }, page: "2" });
  const attackBlocked =
    blocksPollution(() => parseQuery("__proto__[polluted]=yes")) &&
    blocksPollution(() => parseQuery("a=1&constructor[prototype][polluted]=yes"));
  return { normal, attackBlocked };
}
