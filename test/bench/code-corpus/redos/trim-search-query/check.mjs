import { callWithTimeout, loadModule } from "../../../web-corpus-harness.mjs";

/** Trimming matches the old results; a long run of inner spaces returns well under the budget. */
export async function check(modulePath) {
  const { normaliseQuery } = loadModule(modulePath);
  const normal = normaliseQuery("  Red Shoes \t") === "red shoes" && normaliseQuery("x") === "x";
  // Spaces between two letters: every start position rescans the run to the end (quadratic).
  const query = `a${" ".repeat(60_000)}b`;
  const attack = await callWithTimeout(modulePath, "normaliseQuery", [query], 2000);
  return { normal, attackBlocked: !attack.timedOut && attack.ms < 250 && attack.value === query };
}
