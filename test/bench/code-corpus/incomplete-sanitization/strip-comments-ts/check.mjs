import { loadModule } from "../../../web-corpus-harness.mjs";

/** Ordinary comments disappear; a comment split by another one cannot re-form after stripping. */
export async function check(modulePath) {
  const { stripComments } = loadModule(modulePath);
  const normal = stripComments("<p>Hi<!-- draft --></p>") === "<p>Hi draft </p>";
  const out = stripComments("<<!--!-- <img src=x onerror=alert(1)> -->");
  const attackBlocked = !out.includes("<!--") && !out.includes("-->");
  return { normal, attackBlocked };
}
