const fs = require("fs");
const path = require("path");
const AdmZip = require("adm-zip");

/** Unpacks an uploaded theme archive into the themes directory; returns the files written. */
function installTheme(archivePath, themesDir) {
  const zip = new AdmZip(archivePath);
  const installed = [];
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory) continue;
    const target = path.join(themesDir, entry.entryName);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.getData());
    installed.push(entry.entryName);
  }
  return installed;
}

module.exports = { installTheme };
