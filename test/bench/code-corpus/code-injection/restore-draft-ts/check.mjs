import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { restoreDraft } = loadModule(modulePath);
  const normal = restoreDraft('{"title":"Hi","body":"..."}').title === "Hi";
  delete globalThis.__secfixRan;
  try {
    restoreDraft('(globalThis.__secfixRan = true, {"title":"x","body":"y"})');
  } catch {
    // A parser rejects it; that is the point.
  }
  const attackBlocked = globalThis.__secfixRan !== true;
  delete globalThis.__secfixRan;
  return { normal, attackBlocked };
}
