import { isDeepStrictEqual } from "node:util";
import { stringifyManifest, type JsonFormat } from "./parse-json-file.js";

export interface SpecChange {
  name: string;
  from: string;
  to: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The package.json text with only the changed specifiers rewritten in place, so the diff shows
 * just those lines whatever the file's layout; falls back to re-serialising the whole object when
 * a targeted edit would not produce exactly `edited`.
 */
export function editManifestText(text: string, changes: SpecChange[], edited: Record<string, unknown>, format: JsonFormat): string {
  let result = text;
  for (const change of changes) {
    const pattern = new RegExp(`(${escape(JSON.stringify(change.name))}\\s*:\\s*)${escape(JSON.stringify(change.from))}`, "g");
    result = result.replace(pattern, (_match, prefix: string) => `${prefix}${JSON.stringify(change.to)}`);
  }
  try {
    const parsed: unknown = JSON.parse(result.replace(/^\uFEFF/, ""));
    if (isDeepStrictEqual(parsed, edited)) return result;
  } catch {
    // fall through to a full rewrite
  }
  return stringifyManifest(edited, format);
}
