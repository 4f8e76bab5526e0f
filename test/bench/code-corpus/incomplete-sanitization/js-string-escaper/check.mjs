import { loadModule } from "../../../web-corpus-harness.mjs";

/** The generated statement reads back the display name exactly; a crafted name cannot add code. */
export async function check(modulePath) {
  const { inlineConfig } = loadModule(modulePath);
  const run = (displayName) => new Function(`${inlineConfig({ displayName })}
return CURRENT_USER;`)();
  const normal = run("Ada O'Neil") === "Ada O'Neil" && run("Bob") === "Bob";
  const probe = "x'; globalThis.__secfixPwned = 1; '";
  let injected = false;
  for (const name of [`Mal'${probe}`, `\\${probe}`]) {
    let readBack;
    try {
      readBack = run(name);
    } catch {
      readBack = undefined;
    }
    if (globalThis.__secfixPwned || readBack !== name) injected = true;
    delete globalThis.__secfixPwned;
  }
  return { normal, attackBlocked: !injected };
}
