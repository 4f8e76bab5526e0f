/** A code-scanning alert as a fixer sees it: where, what rule, and GitHub's own words about it. */
export interface CodeAlert {
  /** The scanner's rule id, e.g. `js/sql-injection` (CodeQL) or a Semgrep / ESLint id. */
  ruleId: string;
  tool: string | null;
  path: string;
  startLine: number;
  endLine: number;
  /** 1-based, when the scanner gave them. */
  startColumn: number | null;
  endColumn: number | null;
  /** The alert's message (untrusted text). */
  message: string;
  /** The rule's help text (untrusted text). */
  ruleHelp: string | null;
  severity: string;
  cwes: string[];
}

export interface RecipeInput {
  alert: CodeAlert;
  /** The alerted file's text, exactly as in the repository. */
  source: string;
}

/** What a recipe concluded: a whole new text for the alerted file, or a reason to leave it alone. */
export type RecipeOutcome =
  | {
      status: "fixed";
      /** The file's new text; only the alerted region may differ (imports at the top excepted). */
      after: string;
      /** One or two sentences for the PR: what was wrong and how the change closes it. */
      explanation: string;
    }
  | { status: "declined"; reason: string };

/**
 * A deterministic fix for one family of vulnerabilities, keyed by rule id. It works on a real
 * parse tree, edits only the alerted region, and declines when the code does not match a shape it
 * can fix correctly; it never guesses.
 */
export interface Recipe {
  /** The family, e.g. `sql-injection`. */
  readonly family: string;
  /** CodeQL rule ids first, then the equivalent Semgrep / ESLint-security ids. */
  readonly ruleIds: readonly string[];
  fix(input: RecipeInput): RecipeOutcome;
}

/** A recipe's way of saying "not this code", with the reason in words. */
export function declined(reason: string): RecipeOutcome {
  return { status: "declined", reason };
}
