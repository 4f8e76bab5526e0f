export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Replaces non-overlapping spans of `text`; everything outside them stays byte for byte. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < ordered.length; i += 1) {
    if (ordered[i]!.end > ordered[i - 1]!.start) throw new Error("overlapping edits");
  }
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
