import { callWithTimeout, loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { isValidUsername } = loadModule(modulePath);
  const normal = isValidUsername("ada_42") && !isValidUsername("Ada!") && !isValidUsername("");
  const attack = await callWithTimeout(modulePath, "validateAll", [[`${"0".repeat(40)}!`]], 3000);
  return { normal, attackBlocked: !attack.timedOut && attack.ms < 250 && attack.value[0] === false };
}
