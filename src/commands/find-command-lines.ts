import { hasHiddenUnicode } from "../domain/hidden-unicode.js";

/**
 * A line of a comment that starts with `/secfix` and is not inside code or hidden HTML.
 * `doubt` is set when secfix cannot be sure a reader sees the line as a plain command: it may sit in an
 * image's alt text, a link title, an HTML attribute or element, or after markup secfix does not model.
 * Such a line must not run; it is reported so the author learns why.
 */
export interface CommandLine {
  /** The line as written, without its line ending. */
  text: string;
  doubt: string | null;
}

const COMMAND_PREFIX = "/secfix";

const IN_HTML_BLOCK = "it is inside a block of HTML";
const IN_LINK = "it continues a paragraph that opens a link or image (`[`), whose text or title can be hidden";
const IN_QUOTE = "it continues a block quote (`>`) without a blank line, so it shows as part of the quote";
const HAS_MARKUP = "the line itself contains HTML (`<`), which can hide part of it";
const AFTER_UNCLOSED = "it comes after HTML that is not closed on its own line, which can hide what follows";
const AFTER_INDENTED_FENCE = "it comes after an indented code fence, which secfix cannot place";
const AFTER_FENCE_IN_HTML = "it comes after a code fence inside HTML, which secfix cannot place";
const AFTER_INLINE_COMMENT = "it comes after an HTML comment that starts inside a paragraph and spans lines";
const AFTER_RAW_BLOCK = "it comes after raw HTML (`<script>`, `<style>`, `<pre>`, `<textarea>`, `<!…>` or `<?…>`)";
const AFTER_BANG_CLOSE = "it comes after an HTML comment closed with `--!>`, which browsers end early";
const AFTER_MUCH_MARKUP = "it comes after a line with more HTML than secfix reads";
const afterHidingElement = (name: string) => {
  const shown = name.replace(/[^a-z0-9-]/g, "").slice(0, 20);
  return `it comes after ${shown === "" ? "an HTML element" : `a \`<${shown}>\` element`}, which can hide or restyle what follows`;
};

/**
 * Elements that show their content as ordinary text once GitHub has sanitised them. Any other element
 * (details, sub, picture, template, svg, …) may fold, shrink or drop what follows, so a command after it
 * is doubted. GitHub's sanitiser strips `style` and `hidden` attributes, so these cannot hide text.
 */
const VISIBLE_ELEMENTS = new Set([
  "a", "abbr", "b", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption",
  "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "s",
  "span", "strike", "strong", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "wbr",
]);
/** CommonMark HTML block type 1: raw until its end tag, even across blank lines. */
const RAW_BLOCK_ELEMENTS = new Set(["script", "pre", "style", "textarea"]);
/** Beyond this many `<` on one line, secfix stops reading and doubts what follows (keeps the scan linear). */
const MAX_MARKUP_PER_LINE = 64;

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

/** The first character a reader cannot see or tell from a space (other than space and tab), or null. */
export function firstInvisibleCharacter(text: string): string | null {
  for (const char of text) if (isInvisible(char)) return char;
  return null;
}

function isInvisible(char: string): boolean {
  return char !== " " && char !== "\t" && (hasHiddenUnicode(char) || INVISIBLE.test(char));
}

type State =
  | { kind: "text" }
  /** `indented`: opened with 1–3 spaces, so it may belong to a list item that a column-0 line closes. */
  | { kind: "fence"; marker: string; length: number; indented: boolean }
  /** CommonMark HTML block type 2: hidden until the line holding `-->`, blank lines and fences included. */
  | { kind: "comment-block"; endedEarly: boolean }
  /** A comment opened inside a paragraph: hidden until `-->`; where the paragraph really ended is unknown. */
  | { kind: "inline-comment" }
  /** Raw HTML (CommonMark types 6 and 7) until a blank line. */
  | { kind: "html-block" }
  /** secfix no longer knows what a reader sees: every later command line is doubted. */
  | { kind: "unclear"; doubt: string };

interface Scan {
  state: State;
  /** The current paragraph has a `[`: a following line may be an image's alt text or a link's title. */
  inLink: boolean;
  /** The current paragraph started in a block quote: a following line continues the quote. */
  inQuote: boolean;
  found: CommandLine[];
}

const TEXT: State = { kind: "text" };

/**
 * Every line that starts with `/secfix` (column 0) and that GitHub does not render as code, quote or
 * hidden HTML. Fenced code, HTML comments and block quotes or indented code (which never start at
 * column 0) are skipped. The model is CommonMark's, kept small on purpose: where GitHub might read the
 * markup differently from it, everything after is doubted rather than guessed. Linear in the body's length.
 */
export function findCommandLines(body: string): CommandLine[] {
  const scan: Scan = { state: TEXT, inLink: false, inQuote: false, found: [] };
  for (const line of splitLines(body)) {
    const state = scan.state;
    switch (state.kind) {
      case "unclear":
        if (isCommandLine(line)) scan.found.push({ text: line, doubt: state.doubt });
        break;
      case "fence":
        if (!closesFence(line, state)) break;
        // Inside, a line is code or (if the fence was a list item's) visible text: ignoring it is safe either way.
        // After, where the list item really ended is unknown.
        if (state.indented) scan.state = { kind: "unclear", doubt: AFTER_INDENTED_FENCE };
        else endBlock(scan);
        break;
      case "comment-block":
        readCommentBlock(scan, state, line, 0);
        break;
      case "inline-comment":
        if (line.includes("-->")) scan.state = { kind: "unclear", doubt: AFTER_INLINE_COMMENT };
        break;
      case "html-block":
        readHtmlBlockLine(scan, line);
        break;
      case "text":
        readTextLine(scan, line);
        break;
    }
  }
  return scan.found;
}

function readTextLine(scan: Scan, line: string): void {
  if (isBlank(line)) {
    endParagraph(scan);
    return;
  }
  const fence = fenceOpener(line);
  if (fence !== null) {
    scan.state = { kind: "fence", marker: fence.marker, length: fence.length, indented: fence.indent > 0 };
    endParagraph(scan);
    return;
  }
  const html = htmlBlockStart(line);
  if (html === "comment") {
    const comment: State = { kind: "comment-block", endedEarly: false };
    scan.state = comment;
    endParagraph(scan);
    readCommentBlock(scan, comment, line, line.indexOf("<!--") + 2);
    return;
  }
  if (html === "raw") {
    scan.state = { kind: "unclear", doubt: AFTER_RAW_BLOCK };
    return;
  }
  if (html === "other") {
    // Type 7 cannot interrupt a paragraph, so this may be inline HTML; html-block mode is safe for both.
    scan.state = { kind: "html-block" };
    readHtmlBlockLine(scan, line);
    return;
  }
  const inline = scanInline(line, 0);
  if (isCommandLine(line)) {
    scan.found.push({ text: line, doubt: inline.markup ? HAS_MARKUP : scan.inLink ? IN_LINK : scan.inQuote ? IN_QUOTE : null });
  }
  if (inline.bracket) scan.inLink = true;
  if (line[leadingSpaces(line, 3)] === ">") scan.inQuote = true;
  applyInline(scan, inline);
}

function readHtmlBlockLine(scan: Scan, line: string): void {
  if (isBlank(line)) {
    endBlock(scan);
    return;
  }
  // Inside raw HTML this is text; if the HTML was really a paragraph it starts a fence. Either may be true.
  if (fenceOpener(line) !== null) {
    scan.state = { kind: "unclear", doubt: AFTER_FENCE_IN_HTML };
    return;
  }
  if (isCommandLine(line)) scan.found.push({ text: line, doubt: IN_HTML_BLOCK });
  applyInline(scan, scanInline(line, 0));
}

function readCommentBlock(scan: Scan, state: State & { kind: "comment-block" }, line: string, from: number): void {
  const end = line.indexOf("-->", from);
  const earlyEnd = line.indexOf("--!>", from);
  // Browsers end a comment at `--!>` while CommonMark reads on: the text between is raw HTML secfix did not read.
  if (earlyEnd !== -1 && (end === -1 || earlyEnd < end)) state.endedEarly = true;
  if (end === -1) return;
  if (state.endedEarly) {
    scan.state = { kind: "unclear", doubt: AFTER_BANG_CLOSE };
    return;
  }
  endBlock(scan);
  // The rest of the closing line is still raw HTML (not markdown, so its brackets open no link).
  applyInline(scan, scanInline(line, end + 3));
}

function endBlock(scan: Scan): void {
  scan.state = TEXT;
  endParagraph(scan);
}

function endParagraph(scan: Scan): void {
  scan.inLink = false;
  scan.inQuote = false;
}

function applyInline(scan: Scan, inline: InlineScan): void {
  if (inline.doubt !== null) scan.state = { kind: "unclear", doubt: inline.doubt };
  else if (inline.openComment) scan.state = { kind: "inline-comment" };
}

interface InlineScan {
  bracket: boolean;
  /** The line holds something HTML would read as markup. */
  markup: boolean;
  /** An HTML comment is still open at the end of the line. */
  openComment: boolean;
  /** Markup that may run past the line or hide what follows. */
  doubt: string | null;
}

/**
 * Each `<` is checked on its own, as if every other `<` were plain text: GitHub may read a construct as
 * HTML or as escaped text (a `<!--` inside a rejected comment can be a real tag's start), and every
 * reading must leave nothing open at the end of the line.
 */
function scanInline(line: string, from: number): InlineScan {
  const result: InlineScan = { bracket: false, markup: false, openComment: false, doubt: null };
  const lastCommentEnd = line.lastIndexOf("-->");
  const lastTagEnd = line.lastIndexOf(">");
  let starts = 0;
  for (let i = from; i < line.length && result.doubt === null; i += 1) {
    const char = line[i];
    if (char === "[") result.bracket = true;
    if (char !== "<") continue;
    const next = line[i + 1] ?? "";
    const endTag = next === "/" && isAsciiLetter(line[i + 2] ?? "");
    if (!(next === "!" || next === "?" || next === "/" || isAsciiLetter(next))) continue;
    result.markup = true;
    starts += 1;
    if (starts > MAX_MARKUP_PER_LINE) {
      result.doubt = AFTER_MUCH_MARKUP;
    } else if (line.startsWith("<!--", i)) {
      // `<!-->` and `<!--->` are whole comments, hence the search from i + 2.
      if (lastCommentEnd < i + 2) result.openComment = true;
    } else if (next === "!" || next === "?" || (next === "/" && !endTag)) {
      if (lastTagEnd < i + 2) result.doubt = AFTER_UNCLOSED; // a bogus comment, ended by the first `>`
    } else {
      const nameStart = endTag ? i + 2 : i + 1;
      const nameEnd = tagNameEnd(line, nameStart);
      if (!endTag && !VISIBLE_ELEMENTS.has(line.slice(nameStart, Math.min(nameEnd, nameStart + 16)).toLowerCase())) {
        result.doubt = afterHidingElement(line.slice(nameStart, Math.min(nameEnd, nameStart + 20)).toLowerCase());
      } else if (tagEnd(line, nameEnd) === -1) {
        result.doubt = AFTER_UNCLOSED;
      }
    }
  }
  return result;
}

/** HTML's tag name runs to whitespace, `/` or `>`; quotes and `=` are part of it. */
function tagNameEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && !" \t\f/>".includes(line[i] as string)) i += 1;
  return i;
}

/**
 * Where HTML ends the tag: the first `>` outside a quoted attribute value. A quote opens a value only
 * right after `=` (and spaces); treating every `=` so may end the tag later than HTML does, never earlier.
 */
function tagEnd(line: string, from: number): number {
  let valueNext = false;
  for (let i = from; i < line.length; i += 1) {
    const char = line[i];
    if (char === ">") return i;
    if (char === "=") {
      valueNext = true;
      continue;
    }
    if (!valueNext || char === " " || char === "\t" || char === "\f") continue;
    valueNext = false;
    if (char === '"' || char === "'") {
      const close = line.indexOf(char, i + 1);
      if (close === -1) return -1;
      i = close;
    }
  }
  return -1;
}

/** CommonMark HTML block starts (up to 3 spaces of indentation), grouped by what secfix does with them. */
function htmlBlockStart(line: string): "comment" | "raw" | "other" | null {
  const at = leadingSpaces(line, 3);
  if (line[at] !== "<") return null;
  if (line.startsWith("<!--", at)) return "comment";
  const next = line[at + 1] ?? "";
  if (next === "!" || next === "?") return "raw";
  const endTag = next === "/";
  const nameStart = endTag ? at + 2 : at + 1;
  if (!isAsciiLetter(line[nameStart] ?? "")) return null;
  let nameEnd = nameStart;
  while (nameEnd < line.length && nameEnd - nameStart < 16 && /[A-Za-z0-9-]/.test(line[nameEnd] as string)) nameEnd += 1;
  const name = line.slice(nameStart, nameEnd).toLowerCase();
  const after = line[nameEnd];
  if (!endTag && RAW_BLOCK_ELEMENTS.has(name) && (after === undefined || " \t>".includes(after))) return "raw";
  return "other";
}

interface FenceOpener {
  indent: number;
  marker: string;
  length: number;
}

function fenceOpener(line: string): FenceOpener | null {
  const indent = leadingSpaces(line, 3);
  const marker = line[indent];
  if (marker !== "`" && marker !== "~") return null;
  const end = runEnd(line, indent, marker);
  if (end - indent < 3) return null;
  // A backtick fence's info string may not hold a backtick (else it is inline code).
  if (marker === "`" && line.indexOf("`", end) !== -1) return null;
  return { indent, marker, length: end - indent };
}

function closesFence(line: string, fence: { marker: string; length: number }): boolean {
  const indent = leadingSpaces(line, 3);
  if (line[indent] !== fence.marker) return false;
  const end = runEnd(line, indent, fence.marker);
  return end - indent >= fence.length && isBlank(line.slice(end));
}

function isCommandLine(line: string): boolean {
  // Invisible characters before the slash still leave a command a reader sees; it is refused, not ignored.
  let at = 0;
  for (const char of line.slice(0, 16)) {
    if (!isInvisible(char)) break;
    at += char.length;
  }
  if (line.slice(at, at + COMMAND_PREFIX.length).toLowerCase() !== COMMAND_PREFIX) return false;
  const after = line.codePointAt(at + COMMAND_PREFIX.length);
  return after === undefined || after === 0x20 || after === 0x09 || isInvisible(String.fromCodePoint(after));
}

function* splitLines(text: string): Generator<string> {
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && code !== 0x0d) continue;
    yield text.slice(start, i);
    if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
    start = i + 1;
  }
  yield text.slice(start);
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i += 1) if (line[i] !== " " && line[i] !== "\t") return false;
  return true;
}

function leadingSpaces(line: string, max: number): number {
  let i = 0;
  while (i < max && line[i] === " ") i += 1;
  return i;
}

function runEnd(line: string, from: number, char: string): number {
  let i = from;
  while (line[i] === char) i += 1;
  return i;
}

function isAsciiLetter(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
