import { formatJson, type JsonFormat } from "./parse-json-file.js";

/** npm's key order for the lockfile's top level (arborist's `swKeyOrder`). */
const PREFERRED_KEYS = ["name", "version", "lockfileVersion", "resolved", "integrity", "requires", "packages", "dependencies"];

const collator = new Intl.Collator("en");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function compareKeys(a: string, b: string): number {
  const ia = PREFERRED_KEYS.indexOf(a);
  const ib = PREFERRED_KEYS.indexOf(b);
  if (ia >= 0 && ib < 0) return -1;
  if (ib >= 0 && ia < 0) return 1;
  if (ia >= 0 && ib >= 0) return ia - ib;
  return collator.compare(a, b);
}

/**
 * The lockfile text npm would write (its `json-stringify-nice`): in every object, scalar and array
 * values before object values, preferred keys first, the rest in English collation order. Writing
 * the same way keeps untouched entries byte-identical and the diff to what really changed.
 */
export function stringifyLockfile(data: unknown, format: JsonFormat): string {
  const json = JSON.stringify(
    data,
    (_key, value: unknown) => {
      if (!isObject(value)) return value;
      const entries = Object.entries(value).sort(([ak, av], [bk, bv]) =>
        isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
      );
      return Object.fromEntries(entries);
    },
    format.indent,
  );
  return formatJson(json, { ...format, trailingNewline: true });
}
