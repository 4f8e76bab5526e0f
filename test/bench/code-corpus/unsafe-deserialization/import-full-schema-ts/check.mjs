import { loadModule } from "../../../web-corpus-harness.mjs";

/**
 * js-yaml 3 as far as this check needs it: JSON is valid YAML, and a string tagged
 * `!!js/function` becomes a real function under the default (full) schema but is refused as an
 * unknown tag under DEFAULT_SAFE_SCHEMA, as the real library's two schemas behave.
 */
function fakeJsYaml3() {
  const DEFAULT_SAFE_SCHEMA = { name: "default_safe" };
  const DEFAULT_FULL_SCHEMA = { name: "default_full" };
  const load = (text, options = {}) =>
    JSON.parse(text, (_key, value) => {
      if (typeof value !== "string" || !value.startsWith("!!js/function ")) return value;
      if ((options.schema ?? DEFAULT_FULL_SCHEMA) !== DEFAULT_FULL_SCHEMA) throw new Error("unknown tag !<tag:yaml.org,2002:js/function>");
      return new Function(value.slice("!!js/function ".length));
    });
  return { load, DEFAULT_SAFE_SCHEMA, DEFAULT_FULL_SCHEMA };
}

export async function check(modulePath) {
  const { readFixture } = loadModule(modulePath, { fakes: { "js-yaml": fakeJsYaml3() } });
  const normal = JSON.stringify(readFixture('{"users":[{"id":1}]}')) === JSON.stringify({ users: [{ id: 1 }] });
  let built;
  try {
    built = readFixture('{"run":"!!js/function return 42;"}');
  } catch {
    built = null;
  }
  const attackBlocked = typeof built?.run !== "function";
  return { normal, attackBlocked };
}
