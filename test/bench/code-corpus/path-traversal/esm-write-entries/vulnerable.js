import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Writes the entries of an already-parsed archive ({ name, data }[]) under `outDir`. */
export function writeEntries(entries, outDir) {
  entries.forEach((entry) => {
    const destination = join(outDir, entry.name);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, entry.data);
  });
}
