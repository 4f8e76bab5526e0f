import { countOpenFixPulls, type FixAttempt } from "../domain/fix-attempt.js";
import type { Store } from "../store/store.js";
import type { RecordFixAttempt } from "./fix-attempt-recorder.js";

/**
 * Holds a fix that would open a new PR while the repository already has `max` of secfix's fix PRs
 * open: a flood of PRs helps nobody. Checked before any patching, so a waiting fix costs no model
 * tokens; it resumes when one of the open PRs closes. Returns true when the fix must wait.
 */
export async function deferOverLimit(store: Store, record: RecordFixAttempt, attempt: FixAttempt, max: number): Promise<boolean> {
  if (attempt.pullRequest?.state === "open") return false; // updating an existing PR adds none
  const open = countOpenFixPulls(await store.read((reader) => reader.listFixAttempts({ repositoryId: attempt.repository.id })));
  if (open < max) return false;
  const reason = `waiting: ${open} secfix fix pull requests are open (max_open_fix_prs is ${max}); this fix opens when one closes`;
  if (!(attempt.deferred && attempt.reason === reason)) {
    await record({ ...attempt, state: "planned", deferred: true, reason }, [{ action: "fix.deferred", details: { open, max } }]);
  }
  return true;
}
