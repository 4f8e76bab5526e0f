import { blocksPollution, loadModule } from "../harness.mjs";

/** Missing settings are still filled in; defaults parsed from JSON with `__proto__` pollute nothing. */
export async function check(modulePath) {
  const { applyDefaults } = loadModule(modulePath);
  const settings = applyDefaults({ theme: "dark", editor: {} }, { theme: "light", editor: { tabSize: 2 }, locale: "en" });
  const normal = JSON.stringify(settings) === JSON.stringify({ theme: "dark", editor: { tabSize: 2 }, locale: "en" });
  const attackBlocked = blocksPollution(() => applyDefaults({}, JSON.parse('{"__proto__": {"polluted": "yes", "isAdmin": true}}')));
  return { normal, attackBlocked };
}
