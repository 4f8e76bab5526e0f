import ts from "typescript";
import type { RecipeInput } from "../../../domain/code-fix.js";
import { alertRange } from "./find-nodes.js";
import { parseSource, scriptKindOf } from "./parse-source.js";

/** The alerted file, parsed, with the alert's character range and whether helpers need types. */
export interface AlertedFile {
  sourceFile: ts.SourceFile;
  text: string;
  range: { start: number; end: number };
  /** TypeScript files get typed helper functions, so the fix still type-checks under `strict`. */
  typescript: boolean;
}

/**
 * Parses the alerted file and locates the alert, or says in words why a recipe cannot start:
 * not JavaScript/TypeScript, a file that does not parse, or an alert outside the file.
 */
export function openAlertedFile(input: RecipeInput): { file: AlertedFile } | { declined: string } {
  const { alert, source } = input;
  const kind = scriptKindOf(alert.path);
  if (kind === null) return { declined: `${alert.path} is not a JavaScript or TypeScript file.` };
  const parsed = parseSource(alert.path, source);
  if (parsed.syntaxErrors.length > 0) {
    return { declined: `the file does not parse, so no edit can be checked (${parsed.syntaxErrors[0]}).` };
  }
  const lineCount = parsed.sourceFile.getLineStarts().length;
  if (alert.startLine < 1 || alert.startLine > lineCount) {
    return { declined: `the alert points at line ${alert.startLine}, but the file has ${lineCount} lines.` };
  }
  return {
    file: {
      sourceFile: parsed.sourceFile,
      text: source,
      range: alertRange(parsed.sourceFile, alert),
      typescript: kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX,
    },
  };
}
