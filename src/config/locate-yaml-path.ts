import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

/** A path into parsed YAML: mapping keys and sequence indexes, outermost first. */
export type KeyPath = readonly (string | number)[];

export interface YamlLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /**
   * How many leading segments of the path exist in the text. Less than the path's length means the
   * key is not in this file and the position is that of its nearest existing parent.
   */
  depth: number;
}

export interface YamlSyntaxError {
  line: number;
  column: number;
  message: string;
}

/**
 * Where `path` is written in `text`: the key of a mapping entry, or the start of a sequence item.
 * Null when the text has no content to point into (empty, or nothing but comments).
 */
export function locateYamlPath(text: string, path: KeyPath): YamlLocation | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  let node = resolve(doc, doc.contents);
  const rootStart = node?.range?.[0];
  if (node === null || rootStart === undefined) return null;

  let offset = rootStart;
  let depth = 0;
  for (const segment of path) {
    let next: { offset: number | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      // Keys compare as text because the same key reaches us as a string from one side and a number
      // from the other (YAML `1: x` versus a zod issue path).
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair && isScalar(pair.key)) next = { offset: pair.key.range?.[0], value: pair.value };
    } else if (isSeq(node) && Number.isInteger(Number(segment))) {
      const item = node.items[Number(segment)];
      if (item !== undefined) next = { offset: (item as Node | null)?.range?.[0], value: item };
    }
    if (next?.offset === undefined) break;
    offset = next.offset;
    depth += 1;
    node = resolve(doc, next.value);
  }

  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col, depth };
}

/** The first error that stops `text` from parsing as a single YAML document, or null if it parses. */
export function findYamlSyntaxError(text: string): YamlSyntaxError | null {
  const lineCounter = new LineCounter();
  // Same parser and defaults as @probot/octokit-plugin-config, so we report the error it tripped on.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (!error) return null;
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { line, column: col, message: error.message };
}

function resolve(doc: Document, value: unknown): Node | null {
  if (isAlias(value)) return (value.resolve(doc) as Node | undefined) ?? null;
  return isMap(value) || isSeq(value) || isScalar(value) ? value : null;
}
