/**
 * A URL fit for a PR body or a log: index and VCS URLs often carry tokens as user info or in the
 * query, so both go. Text that is not a URL keeps only what precedes an `@` host part.
 */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.href;
  } catch {
    return text.replace(/\/\/[^/@\s]*@/, "//");
  }
}
