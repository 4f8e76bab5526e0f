import { blocksPollution, loadModule } from "../harness.mjs";

/** A config merge keeps merging; a JSON body with `__proto__` or `constructor.prototype` pollutes nothing. */
export async function check(modulePath) {
  const { deepMerge } = loadModule(modulePath);
  const merged = deepMerge({ db: { host: "localhost", port: 5432 } }, { db: { port: 6543 } }, JSON.parse('{"log": {"level": "debug"}}'));
  const normal = JSON.stringify(merged) === JSON.stringify({ db: { host: "localhost", port: 6543 }, log: { level: "debug" } });
  const attackBlocked =
    blocksPollution(() => deepMerge({}, JSON.parse('{"__proto__": {"polluted": "yes"}}'))) &&
    blocksPollution(() => deepMerge({}, JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}')));
  return { normal, attackBlocked };
}
