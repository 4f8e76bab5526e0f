import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { afterLogin } = loadModule(modulePath);
  const go = (next) => {
    let target;
    afterLogin({ query: { next }, redirect: (to) => (target = to) });
    return target;
  };
  const normal = go("/settings") === "/settings" && go(undefined) === "/";
  const attackBlocked = ["https://evil.example", "//evil.example"].every((n) => go(n) === "/");
  return { normal, attackBlocked };
}
