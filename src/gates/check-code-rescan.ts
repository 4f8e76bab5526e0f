/**
 * The re-scan gate for a code fix: code scanning analysed the fix's head, the alert it targets is
 * no longer open there, and the fix brought no alert the base branch does not have.
 *
 * - Code scanning unreadable (`analysisUnavailable`): failed, since nothing can be verified.
 * - No analysis yet, or the newest one is of another commit than the head: pending until
 *   `timeoutMs` after `startedAt`, then failed. An older commit's analysis says nothing of the fix.
 * - The alert still open on the PR's ref: failed. Every other alert open on the PR but not on the
 *   base is new: failed. Each gets an annotation where its path is known (line 1 when the line
 *   is not).
 * - Otherwise passed.
 */
import { failed, passed, pending, type GateAnnotation, type GateVerdict } from "../domain/gate-verdict.js";
import { gateDeadline } from "./gate-deadline.js";
import { shortSha } from "./short-sha.js";

export interface OpenCodeAlert {
  number: number;
  ruleId: string;
  path: string | null;
  line: number | null;
  severity: string | null;
}

export interface CodeRescanInput {
  alertNumber: number;
  ruleId: string;
  headSha: string;
  /** The newest analysis for the PR's ref/commit, null if none yet. */
  analysis: { commitSha: string; createdAt: string; tool: string } | null;
  /** Reason text when code scanning cannot be read (403/404), else null. */
  analysisUnavailable: string | null;
  /** Open alerts on the PR's ref. */
  openOnPull: OpenCodeAlert[];
  /** Open alert numbers on the base branch (default branch). */
  openOnBase: number[];
  startedAt: string;
  now: string;
  timeoutMs: number;
}

const GATE = "rescan";

function where(alert: OpenCodeAlert): string {
  if (alert.path === null) return "";
  return ` at ${alert.path}${alert.line === null ? "" : `:${alert.line}`}`;
}

function annotationFor(alert: OpenCodeAlert, message: string): GateAnnotation[] {
  return alert.path === null ? [] : [{ path: alert.path, line: alert.line !== null && alert.line > 0 ? alert.line : 1, message }];
}

export function checkCodeRescan(input: CodeRescanInput): GateVerdict {
  const sha = shortSha(input.headSha);
  if (input.analysisUnavailable !== null) {
    return failed(GATE, [`code scanning results cannot be read (${input.analysisUnavailable}), so secfix cannot verify that alert #${input.alertNumber} is fixed on ${sha}`]);
  }

  const analysis = input.analysis;
  if (analysis === null || analysis.commitSha !== input.headSha) {
    const deadline = gateDeadline(input.startedAt, input.now, input.timeoutMs);
    const newest = analysis === null ? "" : ` (the newest analysis, by ${analysis.tool} at ${analysis.createdAt}, is of ${shortSha(analysis.commitSha)})`;
    return deadline.expired
      ? failed(GATE, [`no code scanning analysis of the PR head ${sha} within ${deadline.duration} of ${input.startedAt}${newest}; secfix cannot verify that alert #${input.alertNumber} is fixed`])
      : pending(GATE, [`waiting for code scanning to analyse the PR head ${sha}${newest}; secfix waits up to ${deadline.duration} from ${input.startedAt}`]);
  }

  const problems: string[] = [];
  const annotations: GateAnnotation[] = [];
  const base = new Set(input.openOnBase);
  const seen = new Set<number>();
  for (const alert of input.openOnPull) {
    if (seen.has(alert.number)) continue;
    seen.add(alert.number);
    const severity = alert.severity ? `, ${alert.severity}` : "";
    if (alert.number === input.alertNumber) {
      const message = `alert #${alert.number} (${alert.ruleId}${severity}) is still open on ${sha}${where(alert)}: the fix did not remove it`;
      problems.push(message);
      annotations.push(...annotationFor(alert, message));
    } else if (!base.has(alert.number)) {
      const message = `new alert #${alert.number} (${alert.ruleId}${severity})${where(alert)}: open on ${sha} but not on the base branch`;
      problems.push(message);
      annotations.push(...annotationFor(alert, message));
    }
  }
  const analysed = `analysed by ${analysis.tool} at ${analysis.createdAt} on ${sha}`;
  if (problems.length > 0) return failed(GATE, [...problems, analysed], annotations);
  return passed(GATE, [`alert #${input.alertNumber} (${input.ruleId}) is not open on the PR's code; no new alerts`, analysed]);
}
