import type ts from "typescript";
import type { StringPart } from "../ast/string-parts.js";

/** A piece of one shell word: fixed text, or a value the code spliced into the command. */
export type WordPiece = { kind: "text"; value: string } | { kind: "value"; node: ts.Expression; quoted: boolean };

export type ShellWords = { ok: true; words: WordPiece[][] } | { ok: false; reason: string };

const UNQUOTED_SPECIAL: Record<string, string> = {
  "|": "a pipe (`|`)",
  "&": "`&` / `&&`",
  ";": "a command separator (`;`)",
  "<": "a redirection (`<`)",
  ">": "a redirection (`>`)",
  "(": "a subshell (`(`)",
  ")": "a subshell (`)`)",
  $: "a shell expansion (`$`)",
  "`": "a command substitution (backtick)",
  "\\": "a backslash escape",
  "*": "a glob (`*`)",
  "?": "a glob (`?`)",
  "[": "a glob (`[`)",
  "]": "a glob (`]`)",
  "{": "a brace expansion (`{`)",
  "}": "a brace expansion (`}`)",
  "~": "a home-directory expansion (`~`)",
  "!": "a shell operator (`!`)",
  "#": "a shell comment (`#`)",
  "\n": "a line break (a second command)",
  "\r": "a line break (a second command)",
};

/**
 * Splits a command string, built from fixed text and spliced-in values, into the words `/bin/sh`
 * would pass to the program, as long as the fixed text uses nothing but spaces and quotes. Any
 * other shell syntax (pipes, redirection, `&&`, expansions, globs, escapes) is refused with the
 * reason: such a command needs a shell, and only its author can say how to do without one.
 * A spliced-in value becomes part of the word it sits in; unquoted, the shell would also have
 * split it on spaces, which an argument array never does.
 */
export function splitShellWords(parts: readonly StringPart[]): ShellWords {
  const words: WordPiece[][] = [];
  let word: WordPiece[] = [];
  let started = false;
  let quote: "'" | '"' | null = null;

  const appendText = (ch: string): void => {
    const last = word[word.length - 1];
    if (last && last.kind === "text") last.value += ch;
    else word.push({ kind: "text", value: ch });
  };
  const endWord = (): void => {
    if (started) words.push(word);
    word = [];
    started = false;
  };

  for (const part of parts) {
    if (part.kind === "value") {
      word.push({ kind: "value", node: part.node, quoted: quote !== null });
      started = true;
      continue;
    }
    for (const ch of part.value) {
      if (quote === "'") {
        if (ch === "'") quote = null;
        else appendText(ch);
      } else if (quote === '"') {
        if (ch === '"') quote = null;
        else if (ch === "$" || ch === "`" || ch === "\\") {
          return { ok: false, reason: `the command uses ${UNQUOTED_SPECIAL[ch]} inside double quotes, which only a shell understands` };
        } else appendText(ch);
      } else if (ch === " " || ch === "\t") {
        endWord();
      } else if (ch === "'" || ch === '"') {
        quote = ch;
        started = true;
      } else if (UNQUOTED_SPECIAL[ch]) {
        return { ok: false, reason: `the command uses ${UNQUOTED_SPECIAL[ch]}, which only a shell understands` };
      } else {
        appendText(ch);
        started = true;
      }
    }
  }
  if (quote) return { ok: false, reason: "the command has an unbalanced quote" };
  endWord();
  return { ok: true, words };
}
