import { TomlScanError } from "./toml-scan-error.js";

export interface TomlString {
  /** The string token in the file, quotes included. */
  start: number;
  end: number;
  value: string;
  /**
   * True for a one-line string whose characters between the quotes are its value (a literal
   * string, or a basic string without escapes): an edit can change those characters in place.
   */
  verbatim: boolean;
}

export interface TomlEntry {
  /** Table path and key: `[project.optional-dependencies]` + `dev = […]` is project, optional-dependencies, dev. */
  path: string[];
  kind: "string" | "array" | "table" | "other";
  /** The value in the file. */
  start: number;
  end: number;
  /** For arrays, their string items (nested arrays and inline tables are stepped over). */
  items: TomlString[];
}

const BARE_KEY = /[A-Za-z0-9_-]+/y;
const SCALAR = /[^\s,\]}#]+/y;
/** A date-time may put a space between date and time (`1979-05-27 07:32:00Z`): the only space a bare value holds. */
const TIME_AFTER_SPACE = / \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?/y;
const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", e: "\x1b", '"': '"', "\\": "\\" };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Reads a TOML document just far enough to know where every key's value is and where each string
 * of an array starts and ends: tables, dotted and quoted keys, all four string forms, nested
 * arrays, inline tables and comments. It does not build values or check types; what it cannot
 * read it refuses (TomlScanError) rather than guess. No TOML library is installed, and an edit
 * that must leave the rest of the file byte for byte needs offsets, which parsers drop.
 */
export function scanToml(text: string): TomlEntry[] {
  const entries: TomlEntry[] = [];
  let i = text.startsWith("\uFEFF") ? 1 : 0;

  const fail = (problem: string): never => {
    throw new TomlScanError(problem, text.slice(0, i).split("\n").length);
  };
  const skipSpaces = () => {
    while (text[i] === " " || text[i] === "\t") i += 1;
  };
  const skipComment = () => {
    if (text[i] !== "#") return;
    while (i < text.length && text[i] !== "\n") i += 1;
  };
  const skipNewline = (): boolean => {
    if (text[i] === "\n") i += 1;
    else if (text.startsWith("\r\n", i)) i += 2;
    else return false;
    return true;
  };
  /** Spaces, comments and newlines: what may sit between array items or lines. */
  const skipBlank = () => {
    do {
      skipSpaces();
      skipComment();
    } while (skipNewline());
  };
  const endOfLine = () => {
    skipSpaces();
    skipComment();
    if (i < text.length && !skipNewline()) fail("expected the end of the line");
  };

  const escape = (): string => {
    const code = text[i + 1] ?? "";
    i += 2;
    if (code in ESCAPES) return ESCAPES[code]!;
    const digits = HEX_DIGITS[code];
    const hex = digits === undefined ? "" : text.slice(i, i + digits);
    if (digits === undefined || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) return fail(`unknown escape \\${code}`);
    i += digits;
    return String.fromCodePoint(Number.parseInt(hex, 16));
  };

  const multiline = (delimiter: string): TomlString => {
    const start = i;
    i += 3;
    for (;;) {
      if (i >= text.length) fail("a multi-line string is never closed");
      if (delimiter === '"""' && text[i] === "\\") {
        i += 2;
        continue;
      }
      if (text.startsWith(delimiter, i)) {
        // Up to two quotes may end the content right before the closing delimiter.
        let end = i + 3;
        while (text[end] === delimiter[0] && end - i < 5) end += 1;
        i = end;
        break;
      }
      i += 1;
    }
    return { start, end: i, value: text.slice(start + 3, i - 3).replace(/^\r?\n/, ""), verbatim: false };
  };

  const string = (): TomlString => {
    const start = i;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) return multiline(text.slice(i, i + 3));
    const quote = text[i]!;
    i += 1;
    let value = "";
    let verbatim = true;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n" || c === "\r") return fail("a string is never closed");
      if (c === quote) break;
      if (quote === '"' && c === "\\") {
        verbatim = false;
        value += escape();
        continue;
      }
      value += c;
      i += 1;
    }
    i += 1;
    return { start, end: i, value, verbatim };
  };

  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpaces();
      if (text[i] === '"' || text[i] === "'") {
        if (text.startsWith(text[i]!.repeat(3), i)) fail("a key cannot be a multi-line string");
        parts.push(string().value);
      } else {
        BARE_KEY.lastIndex = i;
        const bare = BARE_KEY.exec(text);
        if (!bare) return fail("expected a key");
        parts.push(bare[0]);
        i += bare[0].length;
      }
      skipSpaces();
      if (text[i] !== ".") return parts;
      i += 1;
    }
  };

  const value = (path: string[], record: boolean): TomlEntry => {
    const start = i;
    const c = text[i];
    if (c === '"' || c === "'") {
      const token = string();
      return { path, kind: "string", start, end: token.end, items: [] };
    }
    if (c === "[") {
      i += 1;
      const items: TomlString[] = [];
      for (;;) {
        skipBlank();
        if (text[i] === "]") break;
        if (text[i] === '"' || text[i] === "'") items.push(string());
        else value(path, false);
        skipBlank();
        if (text[i] === ",") i += 1;
        else if (text[i] !== "]") fail("expected `,` or `]` in an array");
      }
      i += 1;
      return { path, kind: "array", start, end: i, items };
    }
    if (c === "{") {
      i += 1;
      skipBlank();
      while (text[i] !== "}") {
        const inner = key();
        if (text[i] !== "=") fail("expected `=` in an inline table");
        i += 1;
        skipSpaces();
        const entry = value([...path, ...inner], record);
        if (record) entries.push(entry);
        skipBlank();
        if (text[i] === ",") {
          i += 1;
          skipBlank();
        } else if (text[i] !== "}") fail("expected `,` or `}` in an inline table");
      }
      i += 1;
      return { path, kind: "table", start, end: i, items: [] };
    }
    SCALAR.lastIndex = i;
    const scalar = SCALAR.exec(text)?.[0];
    if (scalar === undefined) return fail("expected a value");
    i += scalar.length;
    if (/^\d{4}-\d{2}-\d{2}$/.test(scalar)) {
      TIME_AFTER_SPACE.lastIndex = i;
      i += TIME_AFTER_SPACE.exec(text)?.[0].length ?? 0;
    }
    return { path, kind: "other", start, end: i, items: [] };
  };

  let table: string[] = [];
  for (;;) {
    skipBlank();
    if (i >= text.length) break;
    if (text[i] === "[") {
      const arrayOfTables = text[i + 1] === "[";
      i += arrayOfTables ? 2 : 1;
      table = key();
      if (!text.startsWith(arrayOfTables ? "]]" : "]", i)) fail("a table header is never closed");
      i += arrayOfTables ? 2 : 1;
      endOfLine();
      continue;
    }
    const path = [...table, ...key()];
    if (text[i] !== "=") fail("expected `=` after a key");
    i += 1;
    skipSpaces();
    entries.push(value(path, true));
    endOfLine();
  }
  return entries;
}
