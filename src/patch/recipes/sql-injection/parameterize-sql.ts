import type ts from "typescript";
import type { StringPart } from "../ast/string-parts.js";

/** A piece of the rewritten SQL: fixed text, or a trusted constant left spliced in. */
export type SqlPiece = { kind: "text"; value: string; group: number } | { kind: "keep"; node: ts.Expression; group: number };

/** One bound value: the spliced-in value, or the whole quoted literal it sat in (`'%${term}%'`). */
export type SqlValue = Array<{ kind: "text"; value: string } | { kind: "value"; node: ts.Expression }>;

export type ParameterizedSql = { ok: true; pieces: SqlPiece[]; values: SqlValue[] } | { ok: false; reason: string };

export interface ParameterizeOptions {
  /** `?` for mysql / sqlite, `$1`, `$2`… for pg. */
  placeholder: (index: number) => string;
  /** Values that are code, not input (a `const` string): they stay part of the SQL text. */
  isConstant: (node: ts.Expression) => boolean;
  /** Which output group a part belongs to (a source line of a `+` chain, or one template). */
  groupOf: (part: StringPart) => number;
}

const COMPARISONS = ["<=", ">=", "<>", "!=", "=", "<", ">"];
const IDENTIFIER_CONTEXT: Record<string, string> = {
  FROM: "a table name",
  JOIN: "a table name",
  INTO: "a table name",
  UPDATE: "a table name",
  TABLE: "a table name",
  BY: "a column in ORDER BY / GROUP BY",
  SELECT: "a column list",
  AS: "an alias",
  ".": "a qualified column or table name",
};

/**
 * Turns SQL built by splicing values into text into SQL with placeholders and the values to bind,
 * or says why that would change the query. A value may sit inside a single-quoted literal (the
 * literal, with any text around the value, becomes one bound string) or stand unquoted after a
 * comparison, LIKE, or inside VALUES (…). Values in any other place — a table or column name, an
 * IN (…) list, LIMIT, a double-quoted or backtick identifier, a comment — make it decline: binding
 * would break the query or change what it means.
 */
export function parameterizeSql(parts: readonly StringPart[], options: ParameterizeOptions): ParameterizedSql {
  const pieces: SqlPiece[] = [];
  const values: SqlValue[] = [];
  /** The SQL outside literals and comments seen so far, values shown as `?`: the context of the next value. */
  let code = "";
  /** For each open parenthesis, the word before it (`IN`, `VALUES`, a function name). */
  const parens: string[] = [];
  let state: "code" | "single" | "double" | "backtick" | "line-comment" | "block-comment" = "code";
  let literal: { group: number; chars: SqlPiece[]; value: SqlValue; dynamic: boolean; backslash: boolean } | null = null;
  let pendingUnquoted: ts.Expression | null = null;

  const emit = (value: string, group: number): void => {
    const last = pieces[pieces.length - 1];
    if (last && last.kind === "text" && last.group === group) last.value += value;
    else pieces.push({ kind: "text", value, group });
  };
  const lastWord = (): string => {
    const match = /([A-Za-z_][A-Za-z0-9_]*|\.)\s*$/.exec(code);
    return match ? match[1]!.toUpperCase() : "";
  };

  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index]!;
    const group = options.groupOf(part);
    if (part.kind === "value") {
      if (pendingUnquoted) return { ok: false, reason: "two values are spliced in side by side, so where one ends cannot be told" };
      if (state === "single") {
        literal!.value.push({ kind: "value", node: part.node });
        literal!.chars.push({ kind: "keep", node: part.node, group });
        if (!options.isConstant(part.node)) literal!.dynamic = true;
        continue;
      }
      if (state === "double" || state === "backtick") {
        if (options.isConstant(part.node)) {
          pieces.push({ kind: "keep", node: part.node, group });
          continue;
        }
        return { ok: false, reason: `a value is spliced into a ${state === "double" ? "double-quoted" : "backtick-quoted"} identifier; identifiers cannot be bound as parameters` };
      }
      if (state !== "code") return { ok: false, reason: "a value is spliced into an SQL comment" };
      if (options.isConstant(part.node)) {
        pieces.push({ kind: "keep", node: part.node, group });
        code += " ? ";
        continue;
      }
      if (/[A-Za-z0-9_.]$/.test(code)) {
        return { ok: false, reason: "a value is glued to other SQL text, so it is part of a larger token (a name or a number) rather than a whole value" };
      }
      const context = unquotedContext(code, parens, lastWord());
      if (context !== "value") return { ok: false, reason: context };
      emit(options.placeholder(values.length + 1), group);
      values.push([{ kind: "value", node: part.node }]);
      code += "?";
      pendingUnquoted = part.node;
      continue;
    }

    const text = part.value;
    for (let i = 0; i < text.length; i += 1) {
      const ch = text[i]!;
      const next = text[i + 1];
      if (pendingUnquoted) {
        // An unquoted value must end where the SQL token ends.
        if (/[A-Za-z0-9_.'"`$]/.test(ch)) {
          return { ok: false, reason: "a value is glued to other SQL text, so it is part of a larger token (a name or a number) rather than a whole value" };
        }
        pendingUnquoted = null;
      }
      if (state === "line-comment") {
        emit(ch, group);
        if (ch === "\n") state = "code";
        continue;
      }
      if (state === "block-comment") {
        emit(ch, group);
        if (ch === "*" && next === "/") {
          emit("/", group);
          i += 1;
          state = "code";
        }
        continue;
      }
      if (state === "single") {
        const current = literal!;
        if (ch === "'" && next === "'") {
          current.chars.push({ kind: "text", value: "''", group });
          appendValueText(current.value, "'");
          i += 1;
          continue;
        }
        if (ch === "'") {
          current.chars.push({ kind: "text", value: "'", group });
          state = "code";
          literal = null;
          if (!current.dynamic) {
            for (const piece of current.chars) piece.kind === "text" ? emit(piece.value, piece.group) : pieces.push(piece);
          } else {
            if (current.backslash) {
              return { ok: false, reason: "a quoted literal with a value in it also has a backslash, whose meaning differs between databases" };
            }
            if (insideIn(parens)) return { ok: false, reason: "a value is spliced into an IN (…) list, which needs one placeholder per item" };
            emit(options.placeholder(values.length + 1), current.group);
            values.push(current.value);
          }
          code += "?";
          continue;
        }
        if (ch === "\\") current.backslash = true;
        current.chars.push({ kind: "text", value: ch, group });
        appendValueText(current.value, ch);
        continue;
      }
      if (state === "double" || state === "backtick") {
        emit(ch, group);
        if ((state === "double" && ch === '"') || (state === "backtick" && ch === "`")) state = "code";
        continue;
      }
      // Outside literals and comments.
      if (ch === "'") {
        state = "single";
        literal = { group, chars: [{ kind: "text", value: "'", group }], value: [], dynamic: false, backslash: false };
        continue;
      }
      if (ch === '"' || ch === "`") {
        state = ch === '"' ? "double" : "backtick";
        emit(ch, group);
        continue;
      }
      if (ch === "-" && next === "-") {
        state = "line-comment";
        emit(ch, group);
        continue;
      }
      if (ch === "/" && next === "*") {
        state = "block-comment";
        emit(ch, group);
        continue;
      }
      if (ch === "?") return { ok: false, reason: "the SQL already has `?` placeholders or operators, so new ones could be confused with them" };
      if (ch === "$" && next !== undefined && /[0-9]/.test(next)) {
        return { ok: false, reason: "the SQL already has `$n` placeholders, so new ones could be numbered wrongly" };
      }
      if (ch === "(") parens.push(lastWord());
      if (ch === ")") parens.pop();
      code += ch;
      emit(ch, group);
    }
  }
  if (state === "single") return { ok: false, reason: "a quoted SQL literal is never closed" };
  if (values.length === 0) return { ok: false, reason: "no input is spliced into the SQL (only constants), so there is nothing to bind" };
  return { ok: true, pieces, values };
}

function appendValueText(value: SqlValue, ch: string): void {
  const last = value[value.length - 1];
  if (last && last.kind === "text") last.value += ch;
  else value.push({ kind: "text", value: ch });
}

const insideIn = (parens: readonly string[]): boolean => parens[parens.length - 1] === "IN";

/** "value" when an unquoted value here is a value, else the reason it is not (or may not be). */
function unquotedContext(code: string, parens: readonly string[], word: string): string {
  const trimmed = code.trimEnd();
  if (insideIn(parens)) return "a value is spliced into an IN (…) list, which needs one placeholder per item";
  if (COMPARISONS.some((op) => trimmed.endsWith(op))) return "value";
  if (word === "LIKE" || word === "ILIKE") return "value";
  if ((trimmed.endsWith("(") || trimmed.endsWith(",")) && parens[parens.length - 1] === "VALUES") return "value";
  if (word === "LIMIT" || word === "OFFSET") {
    return `a value is spliced in after ${word}, where databases differ on whether a bound string is accepted; check it is an integer instead`;
  }
  const role = IDENTIFIER_CONTEXT[word] ?? (trimmed.endsWith(",") ? "a column or list item" : null);
  if (role) return `a value is spliced in as ${role}; names cannot be bound as parameters and need an allow-list instead`;
  return "a value is spliced into the SQL where it is not clearly a value (it may be a name, a keyword or an expression)";
}
