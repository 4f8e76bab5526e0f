/**
 * The CI gate: does the fix's head commit pass the repository's own CI?
 *
 * Semantics, in the order they decide:
 * - Inputs: every check run on the head except secfix's own (`ownAppId`: those carry this verdict,
 *   they are not CI) and every commit status. Check runs are taken in the order the API lists them
 *   and deduplicated by app and name keeping the first occurrence, so the caller passes the API's
 *   newest-first order and a re-run replaces the run it repeats. Runs of the same name from two
 *   different apps are both kept: one app must not hide another's failure. Statuses are
 *   deduplicated by context the same way.
 * - A required check (base-branch protection or ruleset) matches check runs by name and statuses by
 *   context. When the rule pins an app, only that app's check runs satisfy it: a commit status
 *   carries no app, and anyone who may write statuses could otherwise forge it. A required check
 *   that only secfix itself reports (pinned to `ownAppId`, or named like one of secfix's own runs
 *   with no other run or status of that name) is secfix's verdict and is not waited for.
 * - Failed: any check run that completed as failure, cancelled, timed_out, action_required, stale,
 *   startup_failure, with an unknown conclusion or without one; any status in failure or error;
 *   any required check whose runs and statuses all concluded neutral or skipped. A failure
 *   decides even while other checks still run.
 * - Pending: any check run not completed, any pending status, any required check with nothing
 *   reported yet; or no CI at all (no run, no status, no required check). Once `timeoutMs` has
 *   passed since `startedAt`, pending turns into failed.
 * - Passed: otherwise; neutral and skipped checks that are not required are fine and listed.
 * - Required checks that could not be read add a line of evidence; they fail nothing by themselves.
 */
import type { CiCheckRun, CiStatus, RequiredCheck, RequiredChecks } from "../domain/ci-signal.js";
import { failed, passed, pending, type GateVerdict } from "../domain/gate-verdict.js";
import { gateDeadline } from "./gate-deadline.js";
import { shortSha } from "./short-sha.js";

export interface CiGateInput {
  headSha: string;
  /** All check runs on headSha, in the API's order (newest first). */
  checkRuns: CiCheckRun[];
  /** Latest commit status per context on headSha. */
  statuses: CiStatus[];
  /** The base branch's required checks (may be unreadable). */
  required: RequiredChecks;
  /** secfix's own check runs (this app id) are ignored: they are the verdict, not CI. */
  ownAppId: number;
  /** ISO: when gating of this head started. */
  startedAt: string;
  /** ISO. */
  now: string;
  /** Config `gates.ci_timeout`. */
  timeoutMs: number;
}

const GATE = "ci";
const FAILING_CONCLUSIONS = new Set(["failure", "cancelled", "timed_out", "action_required", "stale", "startup_failure"]);
const SOFT_CONCLUSIONS = new Set(["neutral", "skipped"]);

type SignalState = "success" | "soft" | "failed" | "waiting";

/** One check run or status, reduced to what the gate judges. */
interface Signal {
  name: string;
  kind: "check run" | "status";
  appId: number | null;
  state: SignalState;
  /** The conclusion, state or progress as GitHub reports it. */
  result: string;
  /** For people: `check run "build" from github-actions`. */
  label: string;
  url: string | null;
}

function runState(run: CiCheckRun): { state: SignalState; result: string } {
  if (run.status !== "completed") return { state: "waiting", result: run.status };
  if (run.conclusion === null) return { state: "failed", result: "completed without a conclusion" };
  if (run.conclusion === "success") return { state: "success", result: run.conclusion };
  if (SOFT_CONCLUSIONS.has(run.conclusion)) return { state: "soft", result: run.conclusion };
  // An unknown conclusion is not a success anyone checked: fail closed.
  return { state: "failed", result: FAILING_CONCLUSIONS.has(run.conclusion) ? run.conclusion : `${run.conclusion} (not a conclusion secfix knows)` };
}

function statusState(status: CiStatus): SignalState {
  if (status.state === "success") return "success";
  if (status.state === "pending") return "waiting";
  return "failed";
}

function firstBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function signalsOf(input: CiGateInput): Signal[] {
  const runs = firstBy(
    input.checkRuns.filter((run) => run.appId !== input.ownAppId),
    (run) => `${run.appId ?? "?"}\u0000${run.name}`,
  );
  const statuses = firstBy(input.statuses, (status) => status.context);
  return [
    ...runs.map((run): Signal => {
      const { state, result } = runState(run);
      const from = run.appSlug ?? (run.appId === null ? null : `app ${run.appId}`);
      return { name: run.name, kind: "check run", appId: run.appId, state, result, label: `check run "${run.name}"${from ? ` from ${from}` : ""}`, url: run.url };
    }),
    ...statuses.map((status): Signal => ({ name: status.context, kind: "status", appId: null, state: statusState(status), result: status.state, label: `status "${status.context}"`, url: status.url })),
  ];
}

/** Branch protection writes `app_id: -1` for "any source"; null means the same here. */
function pinnedApp(check: RequiredCheck): number | null {
  return check.appId !== null && check.appId > 0 ? check.appId : null;
}

function satisfies(signal: Signal, check: RequiredCheck): boolean {
  if (signal.name !== check.context) return false;
  const app = pinnedApp(check);
  return app === null || (signal.kind === "check run" && signal.appId === app);
}

type RequiredState = { check: RequiredCheck; state: "satisfied" | "missing" | "waiting" | "failed" | "soft"; soft: Signal[] };

function judgeRequired(check: RequiredCheck, signals: readonly Signal[]): RequiredState {
  const matching = signals.filter((signal) => satisfies(signal, check));
  const soft = matching.filter((signal) => signal.state === "soft");
  if (matching.length === 0) return { check, state: "missing", soft };
  if (matching.some((signal) => signal.state === "failed")) return { check, state: "failed", soft };
  if (matching.some((signal) => signal.state === "waiting")) return { check, state: "waiting", soft };
  if (matching.some((signal) => signal.state === "success")) return { check, state: "satisfied", soft };
  return { check, state: "soft", soft };
}

function withUrl(text: string, url: string | null): string {
  return url ? `${text}: ${url}` : text;
}

function describeRequired(check: RequiredCheck): string {
  const app = pinnedApp(check);
  return `required check "${check.context}"${app === null ? "" : ` (from app ${app})`}`;
}

export function checkCi(input: CiGateInput): GateVerdict {
  const sha = shortSha(input.headSha);
  const signals = signalsOf(input);
  const ownNames = new Set(input.checkRuns.filter((run) => run.appId === input.ownAppId).map((run) => run.name));

  const notes: string[] = [];
  if (input.required.unreadable !== null) {
    notes.push(`the base branch's required checks could not be read (${input.required.unreadable}); secfix judged every check it found on ${sha}`);
  }
  const required: RequiredCheck[] = [];
  for (const check of firstBy(input.required.checks, (c) => `${pinnedApp(c) ?? "any"}\u0000${c.context}`)) {
    const own = pinnedApp(check) === input.ownAppId || (ownNames.has(check.context) && !signals.some((signal) => satisfies(signal, check)));
    if (own) notes.push(`${describeRequired(check)} is secfix's own verdict, so the CI gate does not wait for it`);
    else required.push(check);
  }
  const requiredStates = required.map((check) => judgeRequired(check, signals));

  const failures = signals.filter((signal) => signal.state === "failed").map((signal) => withUrl(`${signal.label} is ${signal.result} on ${sha}`, signal.url));
  for (const judged of requiredStates.filter((r) => r.state === "soft")) {
    const conclusions = [...new Set(judged.soft.map((signal) => signal.result))];
    const how = conclusions.length === 1 && conclusions[0] === "skipped" ? "was skipped" : `concluded ${conclusions.join(" and ")}`;
    failures.push(withUrl(`required check ${judged.check.context} ${how} on ${sha}: secfix needs it to succeed`, judged.soft[0]?.url ?? null));
  }
  if (failures.length > 0) return failed(GATE, [...failures, ...notes]);

  const waitingFor = [
    ...signals.filter((signal) => signal.state === "waiting").map((signal) => `${signal.name} (${signal.result})`),
    ...requiredStates.filter((r) => r.state === "missing").map((r) => `${describeRequired(r.check)} (not reported yet)`),
  ];
  const deadline = gateDeadline(input.startedAt, input.now, input.timeoutMs);
  if (signals.length === 0 && required.length === 0) {
    return deadline.expired
      ? failed(GATE, [`no CI reported on ${sha} within ${deadline.duration}; secfix cannot tell the fix is safe`, ...notes])
      : pending(GATE, [`no CI has reported on ${sha} yet; secfix waits up to ${deadline.duration} from ${input.startedAt}`, ...notes]);
  }
  if (waitingFor.length > 0) {
    return deadline.expired
      ? failed(GATE, [`CI did not conclude within ${deadline.duration} of ${input.startedAt}: still waiting for ${waitingFor.join(", ")}`, ...notes])
      : pending(GATE, [`waiting for CI on ${sha}: ${waitingFor.join(", ")}; secfix waits up to ${deadline.duration} from ${input.startedAt}`, ...notes]);
  }

  const lines = signals.map((signal) => `${signal.label}: ${signal.result}${required.some((check) => satisfies(signal, check)) ? " (required)" : ""}`);
  return passed(GATE, [`every check on ${sha} concluded without failure${required.length > 0 ? ` and all ${required.length} required check(s) succeeded` : ""}`, ...lines, ...notes]);
}
