/**
 * Text secfix did not write (advisory summaries, file names, config values) goes into markdown
 * only through these, so it can neither format, link, embed HTML nor break a table row.
 */

/** Inline markdown for untrusted text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    // Only characters that format inline matter: a table cell never starts a block (heading, list).
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A code span that holds any text, backticks and pipes included, without breaking a table row. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Escaped text that also cannot mention anyone: a zero-width space follows each `@`. */
export function escapeMarkdownQuiet(text: string): string {
  return escapeMarkdown(text).replace(/@(?=[A-Za-z0-9])/g, "@\u200B");
}
