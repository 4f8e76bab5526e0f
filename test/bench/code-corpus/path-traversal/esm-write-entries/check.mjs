import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureDir, loadModule } from "../harness.mjs";

/** Entries are still written under the output directory; `../escape.txt` is not written beside it. */
export async function check(modulePath) {
  const dir = fixtureDir("out");
  const { writeEntries } = loadModule(modulePath);
  writeEntries(
    [
      { name: "a/b.txt", data: "b" },
      { name: "../escape.txt", data: "escaped" },
      { name: "c.txt", data: "c" },
    ],
    join(dir, "out"),
  );
  const normal = readFileSync(join(dir, "out", "a", "b.txt"), "utf8") === "b" && readFileSync(join(dir, "out", "c.txt"), "utf8") === "c";
  const attackBlocked = !existsSync(join(dir, "escape.txt"));
  return { normal, attackBlocked };
}
