import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export { fakeExpress, fakeResponse, loadModule } from "../../injection-corpus-harness.mjs";

/**
 * A fresh directory with `<inside>/hello.txt` (and `<inside>/index.html`) and, outside `<inside>`,
 * `secret.txt` and `secret.html` holding "TOP SECRET": a check reads through the sample and looks
 * for that text.
 */
export function fixtureDir(inside) {
  const dir = mkdtempSync(join(tmpdir(), "secfix-corpus-"));
  mkdirSync(join(dir, inside), { recursive: true });
  writeFileSync(join(dir, inside, "hello.txt"), "hello");
  writeFileSync(join(dir, inside, "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "secret.txt"), "TOP SECRET");
  writeFileSync(join(dir, "secret.html"), "TOP SECRET");
  return dir;
}

/** Waits until `done()` is true (a response ended, a callback ran), for samples that read files asynchronously. */
export async function until(done, ms = 2000) {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > ms) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
