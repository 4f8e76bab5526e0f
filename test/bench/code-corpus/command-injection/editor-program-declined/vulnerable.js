import { exec } from "node:child_process";

/** Opens a file in the user's editor from the dev tools panel. */
export function openInEditor(file) {
  const editor = process.env.EDITOR || "vi";
  exec(`${editor} ${file}`);
}
