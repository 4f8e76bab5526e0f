import type { RepoFiles } from "../domain/dependency-fix.js";

/**
 * GitHub's CODEOWNERS: gitignore-like patterns, the last matching rule wins. GitHub offers no API
 * that resolves a path's owners, so secfix reads the file itself.
 *
 * Matching follows GitHub's documented examples rather than plain gitignore where they differ:
 * - a leading or middle `/` anchors the pattern to the root; otherwise it matches at any depth;
 * - a pattern also owns everything below a directory it names (`/apps/github`, `**\/logs`, `apps/`);
 * - a last segment that is exactly `*` owns direct children only (`docs/*` misses `docs/x/a.md`),
 *   whereas `docs/` or `docs/**` own the whole subtree.
 */

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
}

export interface CodeownersError {
  line: number;
  message: string;
}

/** GitHub's lookup order: the first file found is the one GitHub uses. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

// `@user`, `@org/team`, or an email address: what GitHub accepts as an owner.
const OWNER = /^(?:@[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

export function parseCodeowners(text: string): { rules: CodeownersRule[]; errors: CodeownersError[] } {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw);
    const [pattern, ...owners] = tokens;
    if (pattern === undefined) return;
    const problem = unsupported(pattern) ?? owners.map(ownerProblem).find((p) => p !== null) ?? null;
    if (problem) {
      errors.push({ line, message: problem });
      return;
    }
    rules.push({ pattern, owners, line });
  });
  return { rules, errors };
}

/** The rules of the CODEOWNERS file GitHub uses (the first of CODEOWNERS_PATHS that exists); null when there is none. */
export async function readCodeowners(files: RepoFiles): Promise<CodeownersRule[] | null> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await files.read(path);
    if (text !== null) return parseCodeowners(text).rules;
  }
  return null;
}

/** The owners of a path: those of the last rule that matches it, none when no rule does. */
export function ownersOf(rules: readonly CodeownersRule[], path: string): string[] {
  const rule = lastMatchingRule(rules, path);
  return rule ? [...rule.owners] : [];
}

export function lastMatchingRule(rules: readonly CodeownersRule[], path: string): CodeownersRule | null {
  const normalized = path.replace(/^\.?\//, "");
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (codeownersMatcher(rule.pattern).test(normalized)) return rule;
  }
  return null;
}

// Splits on unescaped whitespace; a token starting with `#` opens a comment to the end of the line.
function tokenize(raw: string): string[] {
  const tokens: string[] = [];
  for (const match of raw.matchAll(/(?:\\.|\S)+/g)) {
    const token = match[0];
    if (token.startsWith("#")) break;
    tokens.push(token);
  }
  return tokens;
}

function unsupported(pattern: string): string | null {
  if (pattern.startsWith("\\#")) return `"${pattern}": escaping a leading # with \\ is not supported in CODEOWNERS`;
  if (pattern.startsWith("!")) return `"${pattern}": negation with ! is not supported in CODEOWNERS`;
  if (/[[\]]/.test(pattern)) return `"${pattern}": character ranges with [ ] are not supported in CODEOWNERS`;
  if (pattern.includes("***")) return `"${pattern}": three consecutive asterisks are not a valid pattern`;
  return null;
}

function ownerProblem(owner: string): string | null {
  return OWNER.test(owner) ? null : `"${owner}" is not an owner: expected @user, @org/team or an email address`;
}

const matcherCache = new Map<string, RegExp>();

/** A regular expression for one CODEOWNERS pattern, tested against a root-relative path. */
export function codeownersMatcher(pattern: string): RegExp {
  let matcher = matcherCache.get(pattern);
  if (!matcher) {
    matcher = new RegExp(`^${patternSource(pattern)}$`);
    if (matcherCache.size > 5_000) matcherCache.clear();
    matcherCache.set(pattern, matcher);
  }
  return matcher;
}

function patternSource(pattern: string): string {
  if (pattern === "/") return "(?!)";
  const segments = pattern.split("/");
  const anchored = segments[0] === "";
  if (anchored) segments.shift();
  const directory = segments.length > 1 && segments[segments.length - 1] === "";
  if (directory) segments[segments.length - 1] = "**";
  // Without a slash at the start or in the middle, gitignore matches the name at any depth.
  const floating = !anchored && (segments.length === 1 || (directory && segments.length === 2));
  if (floating && segments[0] !== "**") segments.unshift("**");

  const last = segments.length - 1;
  let source = "";
  segments.forEach((segment, i) => {
    const separator = i === 0 ? "" : "/";
    if (segment === "**") {
      if (i === 0 && i === last) source += ".+";
      else if (i === 0) source += "(?:.+/)?";
      else if (i === last) source += "/.+";
      else source += "(?:/.+)?";
      return;
    }
    // After a leading `**`, the optional group already ends in a slash.
    const join = i > 0 && segments[i - 1] === "**" && i - 1 === 0 ? "" : separator;
    if (segment === "*") {
      source += `${join}[^/]+`;
      return;
    }
    source += join + segmentSource(segment);
    // A named file or directory owns what lies beneath it.
    if (i === last) source += "(?:/.+)?";
  });
  return source;
}

function segmentSource(segment: string): string {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === "\\" && i + 1 < segment.length) {
      source += escapeRegExp(segment[++i]!);
    } else if (ch === "*") {
      source += "[^/]*";
    } else if (ch === "?") {
      source += "[^/]";
    } else {
      source += escapeRegExp(ch);
    }
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
