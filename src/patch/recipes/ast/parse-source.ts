import ts from "typescript";

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  text: string;
  /** Syntax errors the parser reported; a recipe declines on a file that does not parse. */
  syntaxErrors: string[];
}

const KIND_BY_EXTENSION: Record<string, ts.ScriptKind> = {
  ".js": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
  ".ts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
};

/** The script kind for a path, or null for files that are not JavaScript or TypeScript. */
export function scriptKindOf(path: string): ts.ScriptKind | null {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? null : (KIND_BY_EXTENSION[path.slice(dot).toLowerCase()] ?? null);
}

/** Parses JavaScript or TypeScript with the TypeScript compiler (no type checking, no I/O). */
export function parseSource(path: string, text: string): ParsedSource {
  const kind = scriptKindOf(path) ?? ts.ScriptKind.JS;
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  return {
    sourceFile,
    text,
    syntaxErrors: diagnostics.map((d) => {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    }),
  };
}
