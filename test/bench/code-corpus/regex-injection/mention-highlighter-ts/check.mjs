import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { highlightMentions } = loadModule(modulePath);
  const normal = highlightMentions("hi @ada and @bob", "ada") === "hi <b>@ada</b> and @bob";
  let out;
  try {
    out = highlightMentions("hi @ada and @bob", "(ada|bob)");
  } catch {
    out = null;
  }
  const attackBlocked = out === "hi @ada and @bob";
  return { normal, attackBlocked };
}
