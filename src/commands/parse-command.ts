import { DISMISS_REASONS, type DismissReason } from "./dismiss-reasons.js";
import { editDistance } from "../domain/edit-distance.js";
import { findCommandLines, firstInvisibleCharacter, type CommandLine } from "./find-command-lines.js";

export const COMMAND_NAMES = ["retry", "explain", "status", "approve", "dismiss", "rollback", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
/** Code-fix strategies a retry may force. */
export const RETRY_STRATEGIES = ["recipe", "autofix", "llm"] as const;
export type RetryStrategy = (typeof RETRY_STRATEGIES)[number];

/** Longer comments are not read for commands (a command is short; a huge body is a paste or an attack). */
export const MAX_COMMENT_CHARS = 16_384;
export const MAX_COMMAND_LINE_CHARS = 400;
/** GitHub's cap on an alert's `dismissed_comment`. */
export const MAX_DISMISS_COMMENT_CHARS = 280;

export type SlashCommand =
  | { name: "retry"; strategy: RetryStrategy | null }
  /**
   * `sha`: an explicit head SHA (12–40 hex digits, lower-cased) the approval is bound to. Twelve, not
   * GitHub's seven: a pusher could make two commits share a 7-digit prefix and swap one for the other.
   */
  | { name: "approve"; sha: string | null }
  | { name: "dismiss"; reason: DismissReason; comment: string | null }
  | { name: "explain" }
  | { name: "status" }
  | { name: "rollback" }
  | { name: "help" };

export type ParsedComment =
  /** No command: the bot stays silent. */
  | { kind: "none" }
  /** `line`: the command line as written, trimmed. */
  | { kind: "command"; command: SlashCommand; line: string }
  /** A command was attempted but cannot run: the bot replies with `problem` (Markdown, safe to post). */
  | { kind: "invalid"; name: CommandName | null; problem: string };

const PREFIX = "/secfix";
const SHA = /^[0-9a-f]{12,40}$/i;
const MAX_ECHO_CHARS = 60;
const MAX_LISTED_COMMANDS = 10;
const HELP_HINT = "`/secfix help` lists them";

/**
 * The one `/secfix` command in an issue or PR comment, if any. Strict on purpose (a command can merge
 * code): it must start a line outside code, quotes and hidden HTML, be alone in its comment, and use
 * only known arguments. Linear in the body's length; regexes run only on capped lines.
 */
export function parseCommand(body: string): ParsedComment {
  const lines = findCommandLines(body);
  const first = lines[0];
  if (first === undefined) return { kind: "none" };
  if (body.length > MAX_COMMENT_CHARS) {
    return invalid(
      sameName(lines),
      `this comment is ${body.length.toLocaleString("en-US")} characters long; secfix reads commands only in comments of at most ${MAX_COMMENT_CHARS.toLocaleString("en-US")} characters. Post the command in a comment of its own.`,
    );
  }
  if (lines.length > 1) {
    const listed = lines.slice(0, MAX_LISTED_COMMANDS).map(describeAttempt).join(", ");
    const more = lines.length > MAX_LISTED_COMMANDS ? ", …" : "";
    return invalid(
      sameName(lines),
      `one command per comment; found ${lines.length}: ${listed}${more}. Post each command in a comment of its own.`,
    );
  }
  return parseLine(first);
}

/** Canonical text for idempotency: the same command with the same arguments gives the same key. */
export function commandKey(command: SlashCommand): string {
  switch (command.name) {
    case "retry":
      return command.strategy === null ? "retry" : `retry ${command.strategy}`;
    case "approve":
      return command.sha === null ? "approve" : `approve ${command.sha}`;
    case "dismiss":
      // The comment is free text: the same dismissal reworded is still the same dismissal.
      return `dismiss ${command.reason}`;
    default:
      return command.name;
  }
}

function parseLine(candidate: CommandLine): ParsedComment {
  const name = nameOf(candidate.text);
  const line = trimEnd(candidate.text);
  if (candidate.doubt !== null) {
    return invalid(
      name,
      `${echo(line)} was not run: ${candidate.doubt}. Write the command at the start of its own paragraph (after a blank line), outside HTML, links and quotes.`,
    );
  }
  if (line.length > MAX_COMMAND_LINE_CHARS) {
    return invalid(name, `the command line is ${line.length} characters long; the limit is ${MAX_COMMAND_LINE_CHARS}.`);
  }
  const invisible = firstInvisibleCharacter(candidate.text);
  if (invisible !== null) {
    return invalid(
      name,
      `the command line contains a character that cannot be seen or told from a space (${codePoint(invisible)}); type the command again as plain text.`,
    );
  }
  const words = splitWords(line.slice(PREFIX.length));
  const word = words[0];
  if (word === undefined) return invalid(null, `\`/secfix\` needs a command: ${COMMAND_NAMES.join(", ")}; ${HELP_HINT}.`);
  const command = asCommandName(word.text);
  if (command === null) {
    const hint = suggestion(word.text.toLowerCase(), COMMAND_NAMES);
    return invalid(
      null,
      `${echo(word.text)} is not a secfix command.${hint} The commands are ${COMMAND_NAMES.join(", ")}; ${HELP_HINT}.`,
    );
  }
  const args = words.slice(1);
  const parsed = parseArguments(command, args, line);
  return typeof parsed === "string" ? invalid(command, parsed) : { kind: "command", command: parsed, line };
}

/** The command, or the problem to show. */
function parseArguments(name: CommandName, args: Word[], line: string): SlashCommand | string {
  switch (name) {
    case "retry": {
      if (args.length > 1) return tooMany("retry", "one optional strategy", args.slice(1));
      const [strategy] = args;
      if (strategy === undefined) return { name, strategy: null };
      const known = lookup(strategy.text, RETRY_STRATEGIES);
      if (known === null) {
        return `${echo(strategy.text)} is not a retry strategy.${suggestion(strategy.text.toLowerCase(), RETRY_STRATEGIES)} Use one of ${RETRY_STRATEGIES.join(", ")}, for example \`/secfix retry llm\`, or no strategy to let secfix choose.`;
      }
      return { name, strategy: known };
    }
    case "approve": {
      if (args.length > 1) return tooMany("approve", "one optional commit SHA", args.slice(1));
      const [sha] = args;
      if (sha === undefined) return { name, sha: null };
      if (!SHA.test(sha.text)) {
        return `${echo(sha.text)} is not a commit SHA. \`/secfix approve\` takes nothing, or the SHA (12 to 40 hex digits; the full SHA is safest) of the PR head you reviewed, for example \`/secfix approve 0a1b2c3d4e5f\`.`;
      }
      return { name, sha: sha.text.toLowerCase() };
    }
    case "dismiss": {
      const [reasonWord, commentStart] = args;
      if (reasonWord === undefined) {
        return `\`/secfix dismiss\` needs a reason: ${DISMISS_REASONS.join(", ")}; for example \`/secfix dismiss false-positive the input is a constant\`.`;
      }
      const reason = lookup(reasonWord.text, DISMISS_REASONS);
      if (reason === null) {
        return `${echo(reasonWord.text)} is not a dismissal reason.${suggestion(reasonWord.text.toLowerCase(), DISMISS_REASONS)} Use one of ${DISMISS_REASONS.join(", ")}.`;
      }
      const comment = commentStart === undefined ? "" : line.slice(PREFIX.length + commentStart.start).trim();
      const length = Array.from(comment).length;
      if (length > MAX_DISMISS_COMMENT_CHARS) {
        return `the dismissal comment is ${length} characters long; GitHub keeps at most ${MAX_DISMISS_COMMENT_CHARS}. Shorten it.`;
      }
      return { name, reason, comment: comment === "" ? null : comment };
    }
    case "explain":
    case "status":
    case "rollback":
    case "help":
      if (args.length > 0) return `\`/secfix ${name}\` takes no arguments; got ${echo(args.map((arg) => arg.text).join(" "))}.`;
      return { name };
  }
}

function tooMany(name: CommandName, allowed: string, extra: Word[]): string {
  return `\`/secfix ${name}\` takes ${allowed}; remove ${echo(extra.map((arg) => arg.text).join(" "))}.`;
}

interface Word {
  text: string;
  /** Index in the text that was split. */
  start: number;
}

/** Words separated by runs of spaces and tabs (the line holds no other whitespace by now). */
function splitWords(text: string): Word[] {
  return Array.from(text.matchAll(/[^ \t]+/g), (match) => ({ text: match[0], start: match.index }));
}

function lookup<T extends string>(word: string, allowed: readonly T[]): T | null {
  const lower = word.toLowerCase();
  return allowed.find((value) => value === lower) ?? null;
}

function asCommandName(word: string): CommandName | null {
  return lookup(word, COMMAND_NAMES);
}

/** The command a line names, for problems about lines that are not parsed further. */
function nameOf(text: string): CommandName | null {
  const head = text.slice(0, 64);
  const at = head.toLowerCase().indexOf(PREFIX);
  if (at === -1) return null;
  const word = splitWords(head.slice(at + PREFIX.length))[0];
  return word === undefined ? null : asCommandName(withoutInvisible(word.text));
}

function withoutInvisible(text: string): string {
  return Array.from(text)
    .filter((char) => firstInvisibleCharacter(char) === null)
    .join("");
}

function describeAttempt(line: CommandLine): string {
  const name = nameOf(line.text);
  if (name !== null) return name;
  const at = line.text.toLowerCase().indexOf(PREFIX);
  const word = splitWords(line.text.slice(at + PREFIX.length, at + PREFIX.length + 64))[0];
  return word === undefined ? "`/secfix`" : echo(word.text);
}

function sameName(lines: CommandLine[]): CommandName | null {
  const names = new Set(lines.map((line) => nameOf(line.text)));
  const [only] = names;
  return names.size === 1 && only !== undefined ? only : null;
}

/** " Did you mean `x`?" when exactly one allowed value is at most two edits away, else "". */
function suggestion(word: string, allowed: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(word.slice(0, 32), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? "" : ` Did you mean \`${best}\`?`;
}

/**
 * User text shown back in a reply: at most 60 characters, in a code span (so it cannot format, link or
 * mention anyone), with backticks and invisible characters removed so it cannot break out of the span.
 */
function echo(text: string): string {
  const visible = Array.from(withoutInvisible(text.slice(0, MAX_ECHO_CHARS * 4))).filter((char) => char !== "`");
  const shown = visible.length > MAX_ECHO_CHARS ? `${visible.slice(0, MAX_ECHO_CHARS - 1).join("")}…` : visible.join("");
  return shown.trim() === "" ? "(unprintable text)" : `\`${shown}\``;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end -= 1;
  return text.slice(0, end);
}

function invalid(name: CommandName | null, problem: string): ParsedComment {
  return { kind: "invalid", name, problem };
}
