import type { FixAttempt, FixAttemptState } from "../domain/fix-attempt.js";
import { percent } from "./percent.js";
import type { PatchSuccess } from "./security-report.js";

/** States only reachable once a patch passed every gate (a rollback follows a deploy, which follows a merge). */
const PAST_THE_GATES: ReadonlySet<FixAttemptState> = new Set(["awaiting_approval", "merging", "deploying", "rolled_back"]);

/** States where a patch exists and was, or is being, judged. */
const PATCHED: ReadonlySet<FixAttemptState> = new Set(["proposed", "gating", "awaiting_approval", "merging", "deploying", "gate_failed", "rolled_back"]);

function passedGates(attempt: FixAttempt): boolean {
  // Where it stands now wins over a gate run recorded before (a later push failed, the branch was taken over).
  if (attempt.state === "gate_failed" || attempt.state === "no_fix") return false;
  if (attempt.gates?.outcome === "passed" || PAST_THE_GATES.has(attempt.state)) return true;
  return attempt.state === "resolved" && (attempt.merge?.status === "merged" || attempt.pullRequest?.state === "merged");
}

/**
 * An attempt counts once secfix tried to write a patch: it found none (`no_fix`) or produced one.
 * Left out: attempts still planning or patching, superseded ones (another attempt took over), and
 * ones closed before any patch existed (the alert was fixed or dismissed first).
 */
function attempted(attempt: FixAttempt): boolean {
  if (attempt.state === "no_fix" || PATCHED.has(attempt.state)) return true;
  if (attempt.state === "resolved" || attempt.state === "dismissed") {
    return attempt.pullRequest !== null || attempt.gates != null || attempt.fix != null;
  }
  return false;
}

/** Fixes that passed all gates / fixes attempted. */
export function patchSuccess(attempts: readonly FixAttempt[]): PatchSuccess {
  const counted = attempts.filter(attempted);
  const passed = counted.filter(passedGates).length;
  const gateFailed = counted.filter((attempt) => attempt.state === "gate_failed").length;
  const noFix = counted.filter((attempt) => attempt.state === "no_fix").length;
  return {
    attempted: counted.length,
    passed,
    gateFailed,
    noFix,
    undecided: counted.length - passed - gateFailed - noFix,
    percent: percent(passed, counted.length),
  };
}
