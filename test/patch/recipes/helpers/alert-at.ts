import type { CodeAlert } from "../../../../src/domain/code-fix.js";

/**
 * A code-scanning alert covering the `occurrence`-th appearance of `needle` in `source`, with
 * 1-based lines and columns (end column exclusive), as CodeQL reports them.
 */
export function alertAt(source: string, path: string, ruleId: string, needle: string, occurrence = 1): CodeAlert {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = source.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const position = (offset: number) => {
    const before = source.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - before.lastIndexOf("\n") };
  };
  const start = position(index);
  const end = position(index + needle.length);
  return {
    ruleId,
    tool: ruleId.startsWith("js/") ? "CodeQL" : "Semgrep",
    path,
    startLine: start.line,
    endLine: end.line,
    startColumn: start.column,
    endColumn: end.column,
    message: "alert",
    ruleHelp: null,
    severity: "error",
    cwes: [],
  };
}
