import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** Preferences in JSON are read as before; an expression in them never runs. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express } });
  const save = (prefs) => {
    const { res, record } = fakeResponse();
    try {
      routes["POST /preferences"]({ body: { prefs } }, res);
    } catch {
      return null;
    }
    return JSON.parse(record.sent[0]);
  };
  const normal = JSON.stringify(save('{"theme":"dark","pageSize":50}')) === JSON.stringify({ theme: "dark", pageSize: 50 });
  delete globalThis.__secfixRan;
  save('{"theme": (globalThis.__secfixRan = true, "dark")}');
  const attackBlocked = globalThis.__secfixRan !== true;
  delete globalThis.__secfixRan;
  return { normal, attackBlocked };
}
