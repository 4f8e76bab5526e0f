import { blocksPollution, loadModule } from "../harness.mjs";

/** Dotted paths still set nested values; `__proto__.…` and `constructor.prototype.…` paths pollute nothing. */
export async function check(modulePath) {
  const { setByPath, getByPath } = loadModule(modulePath);
  const settings = { ui: { theme: "light" } };
  setByPath(settings, "ui.theme", "dark");
  setByPath(settings, "editor.tabs.size", 2);
  const normal = getByPath(settings, "ui.theme") === "dark" && getByPath(settings, "editor.tabs.size") === 2;
  const attackBlocked =
    blocksPollution(() => setByPath({}, "__proto__.polluted", "yes")) &&
    blocksPollution(() => setByPath({}, "constructor.prototype.polluted", "yes"));
  return { normal, attackBlocked };
}
