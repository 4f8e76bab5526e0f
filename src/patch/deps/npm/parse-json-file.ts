/** How a JSON file was written, so an edit can be saved the same way. */
export interface JsonFormat {
  indent: string;
  newline: "\n" | "\r\n";
  trailingNewline: boolean;
  bom: boolean;
}

export type ParsedJsonFile =
  | { ok: true; value: Record<string, unknown>; format: JsonFormat }
  | { ok: false; reason: string };

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** Parses a package.json or lockfile; a failure says which file and where, in words. */
export function parseJsonFile(path: string, raw: string): ParsedJsonFile {
  const bom = raw.startsWith("\uFEFF");
  const text = bom ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at ? ` (${position(text, Number(at[1]))})` : "";
    return { ok: false, reason: `${path} is not valid JSON${where}: ${message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: `${path} does not hold a JSON object` };
  }
  const indent = /^[{[][ \t]*\r?\n([ \t]+)/.exec(text)?.[1] ?? "  ";
  return {
    ok: true,
    value: value as Record<string, unknown>,
    format: { indent, newline: text.includes("\r\n") ? "\r\n" : "\n", trailingNewline: /\n$/.test(text), bom },
  };
}

/** Serialises like the file was: same indent, line endings, trailing newline and byte-order mark. */
export function formatJson(json: string, format: JsonFormat): string {
  const body = format.newline === "\n" ? json : json.replace(/\n/g, format.newline);
  return `${format.bom ? "\uFEFF" : ""}${body}${format.trailingNewline ? format.newline : ""}`;
}

/** package.json as npm saves it: keys in the order they already have. */
export function stringifyManifest(value: unknown, format: JsonFormat): string {
  return formatJson(JSON.stringify(value, null, format.indent), format);
}
