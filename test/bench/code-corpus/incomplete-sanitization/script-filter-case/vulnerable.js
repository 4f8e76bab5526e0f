// A "script remover" from an old comment widget (ES module).
const SCRIPT_TAG = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

export function removeScripts(html) {
  return html.replace(SCRIPT_TAG, "");
}
