import { parsePep508Requirement, type Pep508Requirement } from "./pep508-requirement.js";

/** Offsets into the file text. */
export interface FileSpan {
  start: number;
  end: number;
}

export type RequirementsEntry =
  | {
      kind: "requirement";
      lineNumber: number;
      /** The requirement as pip reads it: continuation lines joined, comment and options removed. */
      text: string;
      requirement: Pep508Requirement;
      /** Where the specifier is in the file (an empty span where one would be inserted). */
      specifier: FileSpan;
      /** Each `--hash=algo:digest` option, in the file. */
      hashes: FileSpan[];
      /** The file text between two hash options (or before the only one): how the line is laid out. */
      hashSeparator: string | null;
      /** False when something other than whitespace sits between the hash options. */
      hashesContiguous: boolean;
    }
  /** A path or URL instead of a name (`./pkg`, `https://…/x.whl`, `git+https://…#egg=x`). */
  | { kind: "unnamed"; lineNumber: number; text: string }
  | { kind: "include"; lineNumber: number; option: "requirement" | "constraint"; path: string }
  | { kind: "editable"; lineNumber: number; target: string }
  | { kind: "index"; lineNumber: number; option: "index-url" | "extra-index-url" | "no-index"; url: string | null }
  | { kind: "option"; lineNumber: number; text: string };

interface Segment {
  /** Offset of the segment in the joined line and in the file. */
  joinedStart: number;
  fileStart: number;
  length: number;
}

/** pip's own test for a comment line (`COMMENT_RE.match`): such a line never continues. */
const COMMENT_LINE = /^\s*#/;
const HASH_OPTION = /--hash(?:=|\s+)([A-Za-z0-9]+):([0-9A-Fa-f]+)/g;

const LONG_OPTIONS: Record<string, "requirement" | "constraint" | "editable" | "index-url" | "extra-index-url" | "no-index"> = {
  "--requirement": "requirement",
  "--constraint": "constraint",
  "--editable": "editable",
  "--index-url": "index-url",
  "--extra-index-url": "extra-index-url",
  "--no-index": "no-index",
};
const SHORT_OPTIONS: Record<string, "requirement" | "constraint" | "editable" | "index-url"> = {
  "-r": "requirement",
  "-c": "constraint",
  "-e": "editable",
  "-i": "index-url",
};

function unquote(value: string): string {
  const first = value.trim().split(/\s+/)[0] ?? "";
  const quoted = /^(["'])(.*)\1$/.exec(value.trim());
  return quoted ? quoted[2]! : first;
}

function parseOption(body: string, lineNumber: number): RequirementsEntry {
  let name: string;
  let value: string;
  if (body.startsWith("--")) {
    name = /^--[A-Za-z0-9-]+/.exec(body)?.[0] ?? body;
    value = body.slice(name.length).replace(/^=/, "");
  } else {
    name = body.slice(0, 2);
    value = body.slice(2).replace(/^=/, "");
  }
  const option = LONG_OPTIONS[name] ?? SHORT_OPTIONS[name];
  switch (option) {
    case "requirement":
    case "constraint":
      return { kind: "include", lineNumber, option, path: unquote(value) };
    case "editable":
      return { kind: "editable", lineNumber, target: unquote(value) };
    case "index-url":
    case "extra-index-url":
      return { kind: "index", lineNumber, option, url: unquote(value) || null };
    case "no-index":
      return { kind: "index", lineNumber, option, url: null };
    default:
      return { kind: "option", lineNumber, text: body };
  }
}

/**
 * Reads a pip requirements file the way pip does (continuation backslashes joined, comments cut
 * at ` #`, options split from the requirement at the first ` -`), keeping every offset so that
 * an edit touches only the characters it means to: extras, markers, comments, line endings and
 * the layout of hash lines stay as they were.
 */
export function parseRequirementsFile(text: string): RequirementsEntry[] {
  const physical: { start: number; contentEnd: number }[] = [];
  for (let start = 0; start < text.length || (start === 0 && text.length === 0); ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    physical.push({ start, contentEnd: end > start && text[end - 1] === "\r" ? end - 1 : end });
    if (newline === -1) break;
    start = newline + 1;
  }

  const entries: RequirementsEntry[] = [];
  for (let index = 0; index < physical.length; ) {
    const lineNumber = index + 1;
    const segments: Segment[] = [];
    let joined = "";
    for (;;) {
      const line = physical[index]!;
      const content = text.slice(line.start, line.contentEnd);
      index += 1;
      const continues = content.endsWith("\\") && !COMMENT_LINE.test(content) && index < physical.length;
      const piece = continues ? content.slice(0, -1) : content;
      segments.push({ joinedStart: joined.length, fileStart: line.start, length: piece.length });
      joined += piece;
      if (!continues) break;
    }
    const toFile = (offset: number): number => {
      const segment = segments.find((s) => offset < s.joinedStart + s.length) ?? segments[segments.length - 1]!;
      return segment.fileStart + Math.min(offset - segment.joinedStart, segment.length);
    };
    const toFileEnd = (offset: number): number => (offset === 0 ? toFile(0) : toFile(offset - 1) + 1);

    const comment = /(^|\s)#/.exec(joined);
    const body = comment ? joined.slice(0, comment.index) : joined;
    const lead = body.length - body.trimStart().length;
    const trimmed = body.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("-")) {
      entries.push(parseOption(trimmed, lineNumber));
      continue;
    }

    const optionsAt = /\s-/.exec(body.slice(lead));
    const requirementEnd = optionsAt ? lead + optionsAt.index : body.length;
    const requirementText = body.slice(lead, requirementEnd);
    const requirement = parsePep508Requirement(requirementText);
    if (!requirement) {
      entries.push({ kind: "unnamed", lineNumber, text: requirementText.trim() });
      continue;
    }

    const hashes: FileSpan[] = [];
    const joinedHashes: FileSpan[] = [];
    for (const match of body.slice(requirementEnd).matchAll(HASH_OPTION)) {
      const start = requirementEnd + match.index;
      joinedHashes.push({ start, end: start + match[0].length });
      hashes.push({ start: toFile(start), end: toFileEnd(start + match[0].length) });
    }
    let hashSeparator: string | null = null;
    let hashesContiguous = true;
    if (hashes.length > 0) {
      for (let i = 1; i < joinedHashes.length; i += 1) {
        if (body.slice(joinedHashes[i - 1]!.end, joinedHashes[i]!.start).trim() !== "") hashesContiguous = false;
      }
      if (hashes.length > 1) {
        hashSeparator = text.slice(hashes[0]!.end, hashes[1]!.start);
      } else {
        const before = body.slice(0, joinedHashes[0]!.start).trimEnd().length;
        hashSeparator = text.slice(toFileEnd(before), hashes[0]!.start);
      }
    }
    const specifier = requirement.specifier;
    // An empty span is an insertion point: keep it on the name's line, before any continuation.
    const specifierStart = specifier.start === specifier.end ? toFileEnd(lead + specifier.start) : toFile(lead + specifier.start);
    entries.push({
      kind: "requirement",
      lineNumber,
      text: requirementText.trim(),
      requirement,
      specifier: { start: specifierStart, end: specifier.start === specifier.end ? specifierStart : toFileEnd(lead + specifier.end) },
      hashes,
      hashSeparator,
      hashesContiguous,
    });
  }
  return entries;
}
