export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

export interface Pep508Requirement {
  name: TextSpan;
  extras: string[];
  /**
   * The version specifier as written, trimmed and without parentheses. A requirement without one
   * gets an empty span right after its name and extras: where a new specifier would go.
   */
  specifier: TextSpan;
  /** `name @ url` requirements install from that URL, not from an index. */
  url: string | null;
  marker: string | null;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;
const EXTRA = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text[at]!)) at += 1;
  return at;
}

function span(text: string, start: number, end: number): TextSpan {
  const raw = text.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  return { start: start + leading, end: start + leading + trimmed.length, text: trimmed };
}

/**
 * A PEP 508 dependency specification (`name[extra] >=1.0, <2 ; python_version < "3.12"`), with the
 * offsets of its name and specifier so an edit can replace exactly those characters. Null for
 * what is not one: paths, bare URLs, option lines.
 */
export function parsePep508Requirement(text: string): Pep508Requirement | null {
  const nameMatch = NAME.exec(text);
  if (!nameMatch) return null;
  const name: TextSpan = { start: nameMatch[0].length - nameMatch[1]!.length, end: nameMatch[0].length, text: nameMatch[1]! };
  let at = name.end;
  const extras: string[] = [];
  const afterName = skipSpaces(text, at);
  if (text[afterName] === "[") {
    const close = text.indexOf("]", afterName);
    if (close === -1) return null;
    for (const extra of text.slice(afterName + 1, close).split(",")) {
      if (extra.trim() === "") continue;
      if (!EXTRA.test(extra.trim())) return null;
      extras.push(extra.trim());
    }
    at = close + 1;
  }
  const insertAt: TextSpan = { start: at, end: at, text: "" };
  const restStart = skipSpaces(text, at);

  if (text[restStart] === "@") {
    // A URL may hold `;`, so PEP 508 needs whitespace before a marker that follows one.
    const markerAt = /\s;/.exec(text.slice(restStart));
    const urlEnd = markerAt ? restStart + markerAt.index : text.length;
    const url = text.slice(restStart + 1, urlEnd).trim();
    if (url === "") return null;
    return { name, extras, specifier: insertAt, url, marker: markerAt ? text.slice(urlEnd).trim().slice(1).trim() : null };
  }

  let specifier: TextSpan;
  let markerStart: number;
  if (text[restStart] === "(") {
    const close = text.indexOf(")", restStart);
    if (close === -1) return null;
    specifier = span(text, restStart + 1, close);
    const after = skipSpaces(text, close + 1);
    if (after < text.length && text[after] !== ";") return null;
    markerStart = after;
  } else {
    const semicolon = text.indexOf(";", restStart);
    markerStart = semicolon === -1 ? text.length : semicolon;
    specifier = span(text, restStart, markerStart);
    if (specifier.text !== "" && !/^[<>=!~]/.test(specifier.text)) return null;
  }
  if (specifier.text === "" && text[restStart] !== "(") specifier = insertAt;
  const marker = markerStart < text.length ? text.slice(markerStart + 1).trim() : null;
  return { name, extras, specifier, url: null, marker };
}
