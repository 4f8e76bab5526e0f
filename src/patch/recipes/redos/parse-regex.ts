/**
 * A small parser for JavaScript regular-expression source (the non-`u`/`v` grammar with
 * Annex B leniency), enough to see the structure a ReDoS rewrite must prove things about.
 * Positions are offsets into the source. It reads a single string literal's value, not code.
 */

export interface Quantifier {
  min: number;
  max: number;
  lazy: boolean;
}

export type Atom =
  | { kind: "char"; start: number; end: number }
  | { kind: "class"; start: number; end: number; negated: boolean; body: string }
  | { kind: "escape-class"; start: number; end: number; letter: string }
  | { kind: "dot"; start: number; end: number }
  | { kind: "assertion"; start: number; end: number; text: string }
  | { kind: "backreference"; start: number; end: number }
  | { kind: "group"; start: number; end: number; capturing: boolean; lookaround: boolean; body: Alternatives };

export interface Term {
  atom: Atom;
  quantifier: Quantifier | null;
  start: number;
  end: number;
}

export type Alternatives = Term[][];

export class RegexSyntaxError extends Error {}

export function parseRegex(source: string): Alternatives {
  let pos = 0;

  const alternatives = (): Alternatives => {
    const result: Alternatives = [sequence()];
    while (source[pos] === "|") {
      pos++;
      result.push(sequence());
    }
    return result;
  };

  const sequence = (): Term[] => {
    const terms: Term[] = [];
    while (pos < source.length && source[pos] !== "|" && source[pos] !== ")") {
      const start = pos;
      const parsed = atom();
      const quantifier = parsed.kind === "assertion" ? null : quantifierAt();
      terms.push({ atom: parsed, quantifier, start, end: pos });
    }
    return terms;
  };

  const atom = (): Atom => {
    const start = pos;
    const char = source[pos]!;
    if (char === "^" || char === "$") {
      pos++;
      return { kind: "assertion", start, end: pos, text: char };
    }
    if (char === ".") {
      pos++;
      return { kind: "dot", start, end: pos };
    }
    if (char === "[") return characterClass();
    if (char === "(") return group();
    if (char === "\\") return escape();
    if (char === "*" || char === "+" || char === "?") throw new RegexSyntaxError(`nothing to repeat at ${pos}`);
    pos++;
    return { kind: "char", start, end: pos };
  };

  const escape = (): Atom => {
    const start = pos;
    const next = source[pos + 1];
    if (next === undefined) throw new RegexSyntaxError("trailing backslash");
    pos += 2;
    if ("dDwWsS".includes(next)) return { kind: "escape-class", start, end: pos, letter: next };
    if (next === "b" || next === "B") return { kind: "assertion", start, end: pos, text: `\\${next}` };
    if (next >= "1" && next <= "9") {
      while (/[0-9]/.test(source[pos] ?? "")) pos++;
      return { kind: "backreference", start, end: pos };
    }
    if (next === "k" && source[pos] === "<") {
      const close = source.indexOf(">", pos);
      if (close !== -1) {
        pos = close + 1;
        return { kind: "backreference", start, end: pos };
      }
    }
    if (next === "x") pos += 2;
    else if (next === "u") pos += source[pos] === "{" ? source.indexOf("}", pos) - pos + 1 : 4;
    else if (next === "c") pos += 1;
    return { kind: "char", start, end: Math.min(pos, source.length) };
  };

  const characterClass = (): Atom => {
    const start = pos;
    pos++;
    const negated = source[pos] === "^";
    if (negated) pos++;
    const bodyStart = pos;
    while (pos < source.length && source[pos] !== "]") pos += source[pos] === "\\" ? 2 : 1;
    if (pos >= source.length) throw new RegexSyntaxError("unterminated character class");
    const body = source.slice(bodyStart, pos);
    pos++;
    return { kind: "class", start, end: pos, negated, body };
  };

  const group = (): Atom => {
    const start = pos;
    pos++;
    let capturing = true;
    let lookaround = false;
    if (source[pos] === "?") {
      const kind = source[pos + 1];
      if (kind === ":") {
        capturing = false;
        pos += 2;
      } else if (kind === "=" || kind === "!") {
        capturing = false;
        lookaround = true;
        pos += 2;
      } else if (kind === "<" && (source[pos + 2] === "=" || source[pos + 2] === "!")) {
        capturing = false;
        lookaround = true;
        pos += 3;
      } else if (kind === "<") {
        const close = source.indexOf(">", pos);
        if (close === -1) throw new RegexSyntaxError("unterminated group name");
        pos = close + 1;
      } else {
        throw new RegexSyntaxError(`unknown group kind at ${pos}`);
      }
    }
    const body = alternatives();
    if (source[pos] !== ")") throw new RegexSyntaxError("unterminated group");
    pos++;
    return { kind: "group", start, end: pos, capturing, lookaround, body };
  };

  const quantifierAt = (): Quantifier | null => {
    const char = source[pos];
    let min: number;
    let max: number;
    if (char === "*") [min, max] = [0, Infinity];
    else if (char === "+") [min, max] = [1, Infinity];
    else if (char === "?") [min, max] = [0, 1];
    else if (char === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
      if (!match) return null;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
      pos += match[0].length - 1;
    } else return null;
    pos++;
    const lazy = source[pos] === "?";
    if (lazy) pos++;
    return { min, max, lazy };
  };

  const result = alternatives();
  if (pos !== source.length) throw new RegexSyntaxError(`unbalanced ) at ${pos}`);
  return result;
}
