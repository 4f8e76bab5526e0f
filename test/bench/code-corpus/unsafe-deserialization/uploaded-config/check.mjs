import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

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

/** Plain pipeline definitions load as before; a `!!js/function` payload never runs. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express, "js-yaml": fakeJsYaml3() } });
  const post = (definition) => {
    const { res, record } = fakeResponse();
    try {
      routes["POST /pipelines"]({ body: { definition } }, res);
    } catch {
      return null;
    }
    return JSON.parse(record.sent[0]);
  };
  const normal = JSON.stringify(post('{"name":"build","steps":["lint","test"]}')) === JSON.stringify({ name: "pipeline build", steps: 2 });
  delete globalThis.__secfixRan;
  post('{"name":{"toString":"!!js/function globalThis.__secfixRan = true; return 1;"},"steps":[]}');
  const attackBlocked = globalThis.__secfixRan !== true;
  delete globalThis.__secfixRan;
  return { normal, attackBlocked };
}
