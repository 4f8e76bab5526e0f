import type { FileChange } from "../domain/dependency-fix.js";
import type { GateVerdict } from "../domain/gate-verdict.js";

/** A patch one strategy proposed for a code-scanning alert. */
export interface CodeFixCandidate {
  strategy: "recipe" | "autofix" | "llm";
  /** The recipe family, `github-autofix`, or the model name. */
  source: string;
  changes: FileChange[];
  explanation: string;
  tokens?: { prompt: number; completion: number };
}

/** A decline may say when asking again could help (a model's rate limit). */
export type StrategyAnswer = CodeFixCandidate | { declined: string; retryAfterMs?: number };

export interface CodeFixStrategy {
  name: CodeFixCandidate["strategy"];
  /** Runs only when every earlier strategy failed to give a patch that passed the checks. */
  propose(): Promise<StrategyAnswer>;
}

export interface CodeFixChoice {
  winner: CodeFixCandidate | null;
  verdicts: GateVerdict[];
  /** Every strategy tried before the winner, with why it lost: for the audit trail and the PR. */
  rejected: { strategy: string; source: string | null; reason: string }[];
  /** Set when a strategy may give a fix later (rate limited): the caller retries rather than give up. */
  retryAfterMs: number | null;
}

/**
 * The strategy chain: recipe, then GitHub's autofix, then the model. The first candidate that
 * passes every local check wins; later strategies are not even asked.
 */
export async function chooseCodeFix(strategies: readonly CodeFixStrategy[], check: (changes: readonly FileChange[]) => GateVerdict[]): Promise<CodeFixChoice> {
  const rejected: CodeFixChoice["rejected"] = [];
  let retryAfterMs: number | null = null;
  for (const strategy of strategies) {
    const answer = await strategy.propose();
    if ("declined" in answer) {
      rejected.push({ strategy: strategy.name, source: null, reason: answer.declined });
      if (answer.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, answer.retryAfterMs);
      continue;
    }
    const verdicts = check(answer.changes);
    const failures = verdicts.filter((verdict) => !verdict.passed);
    if (failures.length === 0) return { winner: answer, verdicts, rejected, retryAfterMs: null };
    rejected.push({
      strategy: strategy.name,
      source: answer.source,
      reason: `failed local checks: ${failures.map((f) => `${f.gate} (${f.evidence.join("; ")})`).join("; ")}`,
    });
  }
  return { winner: null, verdicts: [], rejected, retryAfterMs };
}
