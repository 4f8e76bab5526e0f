export { fakeExpress, fakeResponse, loadModule } from "../../injection-corpus-harness.mjs";

/** Whether a property with this name has leaked onto Object.prototype. */
export function polluted(name = "polluted") {
  return Object.prototype.hasOwnProperty.call(Object.prototype, name) || ({})[name] !== undefined;
}

/** Undoes pollution a vulnerable sample caused, so later checks start clean. */
export function cleanPrototype(names = ["polluted", "isAdmin"]) {
  for (const name of names) delete Object.prototype[name];
}

/** Runs `attack` and reports whether it left Object.prototype clean; a thrown refusal counts as blocked. */
export function blocksPollution(attack, names = ["polluted", "isAdmin"]) {
  try {
    attack();
  } catch {
    // Refusing the input by throwing is a way of blocking it.
  }
  const clean = names.every((name) => !polluted(name));
  cleanPrototype(names);
  return clean;
}
