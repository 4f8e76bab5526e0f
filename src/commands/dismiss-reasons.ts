import type { AlertSource } from "../domain/finding.js";

/** What `/secfix dismiss <reason>` accepts: one vocabulary for both sources, mapped to each one's own. */
export const DISMISS_REASONS = ["false-positive", "wont-fix", "used-in-tests", "not-used", "tolerable-risk", "no-bandwidth"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** GitHub's `dismissed_reason` values for code scanning alerts. */
export type CodeScanningDismissedReason = "false positive" | "won't fix" | "used in tests";
/** GitHub's `dismissed_reason` values for Dependabot alerts. */
export type DependabotDismissedReason = "fix_started" | "inaccurate" | "no_bandwidth" | "not_used" | "tolerable_risk";

/** One line per reason, for `/secfix help` and for refusals that list the reasons. */
export const DISMISS_REASON_DESCRIPTIONS: Readonly<Record<DismissReason, string>> = {
  "false-positive": "the alert is wrong: the code is not vulnerable",
  "wont-fix": "the problem is real but will not be fixed",
  "used-in-tests": "the code only runs in tests",
  "not-used": "the vulnerable code or dependency is never used",
  "tolerable-risk": "the risk is known and accepted",
  "no-bandwidth": "nobody can work on it now",
};

// Code scanning has only three reasons; everything that is not "wrong" or "tests only" is a decision not to fix.
const CODE_SCANNING: Readonly<Record<DismissReason, CodeScanningDismissedReason>> = {
  "false-positive": "false positive",
  "wont-fix": "won't fix",
  "used-in-tests": "used in tests",
  "not-used": "won't fix",
  "tolerable-risk": "won't fix",
  "no-bandwidth": "won't fix",
};

// Dependabot has no "won't fix" or "tests": both are an accepted risk.
const DEPENDABOT: Readonly<Record<DismissReason, DependabotDismissedReason>> = {
  "false-positive": "inaccurate",
  "wont-fix": "tolerable_risk",
  "used-in-tests": "tolerable_risk",
  "not-used": "not_used",
  "tolerable-risk": "tolerable_risk",
  "no-bandwidth": "no_bandwidth",
};

/** GitHub's dismissed_reason for the alert's source. */
export function gitHubDismissReason(source: "code_scanning", reason: DismissReason): CodeScanningDismissedReason;
export function gitHubDismissReason(source: "dependabot", reason: DismissReason): DependabotDismissedReason;
export function gitHubDismissReason(source: AlertSource, reason: DismissReason): CodeScanningDismissedReason | DependabotDismissedReason;
export function gitHubDismissReason(source: AlertSource, reason: DismissReason): CodeScanningDismissedReason | DependabotDismissedReason {
  return source === "code_scanning" ? CODE_SCANNING[reason] : DEPENDABOT[reason];
}
