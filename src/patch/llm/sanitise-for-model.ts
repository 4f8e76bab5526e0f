import { REDACTED, redactText } from "../../audit/redact-secrets.js";
import { stripHiddenUnicode } from "../../domain/hidden-unicode.js";

export interface Sanitised {
  text: string;
  /** Hidden Unicode characters removed. */
  hiddenRemoved: number;
  /** Secret-looking strings replaced by `[REDACTED]`. */
  secretsRedacted: number;
}

/**
 * Untrusted text as it may leave for a model: hidden characters removed first (so a zero-width
 * space cannot split a token past the redactor), then secrets redacted by the app's one redactor.
 */
export function sanitiseForModel(text: string): Sanitised {
  const stripped = stripHiddenUnicode(text);
  const redacted = redactText(stripped.text);
  return {
    text: redacted,
    hiddenRemoved: stripped.removed,
    secretsRedacted: Math.max(0, countOf(redacted, REDACTED) - countOf(stripped.text, REDACTED)),
  };
}

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}
