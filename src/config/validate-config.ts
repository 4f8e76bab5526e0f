import type { z } from "zod";
import { editDistance } from "../domain/edit-distance.js";
import { configSchema, defaultConfig, type SecfixConfig } from "./config.schema.js";
import { locateYamlPath, type KeyPath } from "./locate-yaml-path.js";
import { isMapping, mergeConfigChain } from "./merge-config-chain.js";

/** Where a config file lives; `url` is the API URL @probot/octokit-plugin-config read it from. */
export interface ConfigFileRef {
  owner: string;
  repo: string;
  path: string;
  url: string;
}

/** One file of the `_extends` chain that exists: its parsed content and, when fetched, its text. */
export interface ConfigSourceFile extends ConfigFileRef {
  /** Raw YAML; only needed to give problems a line number. */
  text?: string;
  data: unknown;
}

export interface ConfigProblem {
  /** The file the owner must edit; null when the problem cannot be pinned to one file. */
  file: ConfigFileRef | null;
  line: number | null;
  column: number | null;
  /** `sla.critical`, `customer_facing_paths[2]`; empty for the file as a whole. */
  keyPath: string;
  /** A sentence in plain text (no markdown) that starts with the key in backticks when there is one. */
  message: string;
}

export type ConfigResult =
  | { status: "missing"; config: SecfixConfig }
  | { status: "valid"; config: SecfixConfig; files: ConfigFileRef[] }
  | { status: "invalid"; problems: ConfigProblem[] };

/**
 * Merges and validates the files of one repository's config chain, base first and the repository's
 * own file last. No file at all means defaults; any problem means no config, never a partial one.
 */
export function validateConfig(files: readonly ConfigSourceFile[]): ConfigResult {
  if (files.length === 0) return { status: "missing", config: defaultConfig() };

  const problems: ConfigProblem[] = [];
  for (const file of files) {
    if (!isMapping(file.data)) {
      problems.push(problemAt(file, [], `The file must be a mapping of settings (key: value lines), got ${describeValue(file.data)}`));
    }
  }
  if (problems.length > 0) return { status: "invalid", problems };

  const datas = files.map((file) => file.data as Record<string, unknown>);
  const merged = mergeConfigChain(datas);
  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return { status: "valid", config: parsed.data, files: files.map(fileRef) };

  for (const issue of parsed.error.issues) {
    // Parsed YAML has no symbol keys, so zod's paths never hold one.
    const issuePath = issue.path.filter((segment): segment is string | number => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(valueAt(defaultConfig(), issuePath) ?? {});
      for (const key of issue.keys) {
        const path = [...issuePath, key];
        problems.push(problemAt(ownerOf(files, path), path, unknownKeyMessage(path, key, known)));
      }
    } else {
      problems.push(problemAt(ownerOf(files, issuePath), issuePath, issueMessage(issue, issuePath, valueAt(merged, issuePath))));
    }
  }
  return { status: "invalid", problems };
}

/** `sla.critical`, `approvers.customer_facing[0]`. */
function formatKeyPath(path: KeyPath): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === "number") return `${out}[${segment}]`;
    return out === "" ? segment : `${out}.${segment}`;
  }, "");
}

/** Describes a value the user wrote, short enough for one table cell. */
function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  return "a mapping";
}

function fileRef({ owner, repo, path, url }: ConfigFileRef): ConfigFileRef {
  return { owner, repo, path, url };
}

function problemAt(file: ConfigSourceFile, path: KeyPath, message: string): ConfigProblem {
  const location = file.text === undefined ? null : locateYamlPath(file.text, path);
  return {
    file: fileRef(file),
    line: location?.line ?? null,
    column: location?.column ?? null,
    keyPath: formatKeyPath(path),
    message,
  };
}

/**
 * The file the user must edit for `path`: the last one in the chain that writes it, since that is the
 * value that won the merge. A key no file writes (a required setting left out) belongs to the last
 * file that writes its nearest parent, which is the repository's own file for top-level keys.
 */
function ownerOf(files: readonly ConfigSourceFile[], path: KeyPath): ConfigSourceFile {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const prefix = path.slice(0, depth);
    for (let index = files.length - 1; index >= 0; index -= 1) {
      const file = files[index] as ConfigSourceFile;
      if (valueAt(file.data, prefix) !== undefined) return file;
    }
  }
  return files[files.length - 1] as ConfigSourceFile;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === "number") value = value[segment];
    else if (isMapping(value) && typeof segment === "string" && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}

function unknownKeyMessage(path: KeyPath, key: string, known: readonly string[]): string {
  const closest = known.find((candidate) => editDistance(candidate, key) <= 2);
  const hint = closest === undefined ? "" : ` Did you mean ${closest}?`;
  const where = path.length > 1 ? `under ${formatKeyPath(path.slice(0, -1))} ` : "";
  return `\`${formatKeyPath(path)}\` is not a secfix setting; the settings ${where}are ${known.join(", ")}.${hint}`;
}

const TYPE_WORDS: Record<string, string> = {
  boolean: "true or false",
  number: "a number",
  int: "a whole number",
  string: "a string",
  array: "a list",
  object: "a mapping of settings (key: value lines)",
};

function issueMessage(issue: z.core.$ZodIssue, path: KeyPath, value: unknown): string {
  const key = path.length === 0 ? "The file" : `\`${formatKeyPath(path)}\``;
  const got = `got ${describeValue(value)}`;
  switch (issue.code) {
    case "invalid_type":
      return `${key} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, ${got}`;
    case "invalid_value":
      return `${key} must be one of ${issue.values.map(String).join(", ")}; ${got}`;
    case "invalid_format":
      // Our own regex messages read as noun phrases ("a duration like 30m, 24h or 7d"); zod's do not.
      return issue.format === "regex" && !issue.message.startsWith("Invalid")
        ? `${key} must be ${issue.message}, ${got}`
        : `${key} must match the format ${issue.format}${"pattern" in issue && issue.pattern ? ` ${String(issue.pattern)}` : ""}, ${got}`;
    case "too_small":
    case "too_big":
      return `${key} ${boundPhrase(issue.code, issue.origin, Number(issue.code === "too_small" ? issue.minimum : issue.maximum), issue.inclusive ?? true)}, ${got}`;
    default:
      return `${key} is not valid: ${issue.message}`;
  }
}

function boundPhrase(code: "too_small" | "too_big", origin: string, bound: number, inclusive: boolean): string {
  const limit = code === "too_small" ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
  if (origin === "string") {
    return code === "too_small" && bound === 1 && inclusive ? "must not be empty" : `must be ${limit} ${bound} characters long`;
  }
  if (origin === "array") return `must list ${limit} ${bound} ${bound === 1 ? "entry" : "entries"}`;
  return `must be ${limit} ${bound}`;
}

