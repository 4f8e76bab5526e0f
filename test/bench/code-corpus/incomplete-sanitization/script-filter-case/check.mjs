import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { removeScripts } = loadModule(modulePath);
  const normal = removeScripts("<p>a</p><script>x()</script><p>b</p>") === "<p>a</p><p>b</p>";
  const attackBlocked = !/<script/i.test(removeScripts("<p>a</p><SCRIPT>alert(1)</SCRIPT>"));
  return { normal, attackBlocked };
}
