import ts from "typescript";
import { describe, expect, it } from "vitest";
import { stringParts } from "../../../src/patch/recipes/ast/string-parts.js";
import { splitShellWords, type WordPiece } from "../../../src/patch/recipes/command-injection/split-shell-words.js";

/** The shell words of a JavaScript string expression, values shown as `<name>` (or `'<name>'` when quoted). */
function words(expression: string): string[][] | string {
  const file = ts.createSourceFile("x.js", `x = ${expression};`, ts.ScriptTarget.Latest, true);
  const statement = file.statements[0] as ts.ExpressionStatement;
  const split = splitShellWords(stringParts((statement.expression as ts.BinaryExpression).right));
  if (!split.ok) return split.reason;
  const show = (piece: WordPiece): string =>
    piece.kind === "text" ? piece.value : piece.quoted ? `'<${piece.node.getText(file)}>'` : `<${piece.node.getText(file)}>`;
  return split.words.map((word) => word.map(show));
}

describe("splitShellWords", () => {
  it("splits on spaces and tabs, however many", () => {
    expect(words('"git  log\\t--oneline " + branch')).toEqual([["git"], ["log"], ["--oneline"], ["<branch>"]]);
  });

  it("keeps a value and the text glued to it in one word", () => {
    expect(words("`--author=${name} v${major}.${minor}`")).toEqual([["--author=", "<name>"], ["v", "<major>", ".", "<minor>"]]);
  });

  it("treats quoted text and values as part of one word, quotes removed", () => {
    expect(words(`"grep -e '" + pattern + "' \\"my file.txt\\""`)).toEqual([["grep"], ["-e"], ["'<pattern>'"], ["my file.txt"]]);
  });

  it("keeps an empty quoted word", () => {
    expect(words(`"printf '' " + x`)).toEqual([["printf"], [], ["<x>"]]);
  });

  it.each([
    [`"ls " + d + " | wc -l"`, /pipe/],
    [`"make && ./run " + arg`, /&&/],
    [`"cat < " + f`, /redirection/],
    [`"echo $HOME/" + f`, /expansion/],
    [`"echo \\"$(id)" + f + "\\""`, /inside double quotes/],
    [`"rm " + dir + "/*"`, /glob/],
    [`"ls ~/" + d`, /home-directory/],
    [`"echo 'unterminated " + x`, /unbalanced quote/],
    ['"a " + x + "\\nb"', /line break/],
  ])("refuses shell syntax in %s", (expression, reason) => {
    expect(words(expression)).toMatch(reason);
  });

  it("allows shell characters inside single quotes, where the shell takes them literally", () => {
    expect(words(`"awk '{print $1}' " + file`)).toEqual([["awk"], ["{print $1}"], ["<file>"]]);
  });
});
