import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureDir, loadModule } from "../harness.mjs";

/** An adm-zip stand-in whose archive holds two theme files and one entry climbing out with `../`. */
function fakeAdmZip(entries) {
  return function AdmZip() {
    return {
      getEntries: () =>
        entries.map(([entryName, text]) => ({ entryName, isDirectory: entryName.endsWith("/"), getData: () => Buffer.from(text) })),
    };
  };
}

/** Theme files are still unpacked; the `../../evil.js` entry is not written outside the themes directory. */
export async function check(modulePath) {
  const dir = fixtureDir("themes/dark");
  const entries = [["css/", ""], ["css/site.css", "body{}"], ["../../evil.js", "pwned()"], ["readme.txt", "Dark theme"]];
  const { installTheme } = loadModule(modulePath, { fakes: { "adm-zip": fakeAdmZip(entries) } });
  const installed = installTheme("/uploads/dark.zip", join(dir, "themes", "dark"));
  const normal =
    readFileSync(join(dir, "themes", "dark", "css", "site.css"), "utf8") === "body{}" &&
    readFileSync(join(dir, "themes", "dark", "readme.txt"), "utf8") === "Dark theme" &&
    installed.includes("css/site.css");
  const attackBlocked = !existsSync(join(dir, "evil.js"));
  return { normal, attackBlocked };
}
