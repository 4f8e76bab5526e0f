import { loadModule } from "../../../web-corpus-harness.mjs";

/** A tiny DOM: setting innerHTML "parses" it (any tag counts as markup), textContent does not. */
function page(hash) {
  const status = { text: "", markup: [] };
  Object.defineProperty(status, "innerHTML", {
    set(html) {
      if (/<[a-z]/i.test(html)) status.markup.push(html);
      status.text = html.replace(/<[^>]*>/g, "");
    },
  });
  Object.defineProperty(status, "textContent", {
    set(text) {
      status.text = text;
    },
  });
  const listeners = [];
  const window = { location: { hash }, addEventListener: (_event, fn) => listeners.push(fn) };
  const document = { getElementById: () => status };
  return { status, globals: { window, document } };
}

export async function check(modulePath) {
  const normalPage = page("#Orders%20and%20returns");
  loadModule(modulePath, { globals: normalPage.globals });
  const normal = normalPage.status.text === "Orders and returns";
  const attackPage = page(`#${encodeURIComponent('<img src=x onerror="alert(1)">')}`);
  loadModule(modulePath, { globals: attackPage.globals });
  const attackBlocked = attackPage.status.markup.length === 0 && attackPage.status.text === '<img src=x onerror="alert(1)">';
  return { normal, attackBlocked };
}
