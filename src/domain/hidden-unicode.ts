/**
 * Characters a model reads but a reviewer cannot see: Trojan Source bidi controls (U+202A–202E,
 * U+2066–2069, and the marks U+200E/200F/061C), zero-width characters (U+200B–200D, U+2060, U+FEFF),
 * invisible operators (U+2061–2064), Unicode tag characters (U+E0000–E007F, "ASCII smuggling") and
 * the supplementary variation selectors (U+E0100–E01EF, used the same way).
 */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060-\u2064\uFEFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** The text without hidden characters, and how many were removed (so the count can be reported). */
export function stripHiddenUnicode(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(HIDDEN, () => {
    removed += 1;
    return "";
  });
  return { text: out, removed };
}

/** Whether a text holds any hidden character; a patch that would add one is rejected. */
export function hasHiddenUnicode(text: string): boolean {
  return text.search(HIDDEN) !== -1;
}
