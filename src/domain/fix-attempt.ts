import type { VulnerableRange } from "./dependency-fix.js";
import type { DependencyScope, RepositoryRef } from "./finding.js";
import type { GatesOutcome, GateVerdict } from "./gate-verdict.js";
import type { RiskAssessment } from "./risk.js";
import type { Severity } from "./severity.js";

/**
 * A FixAttempt is one try at resolving one or more findings. States follow DESIGN.md;
 * the transition table is the single authority on which moves are legal.
 */
export const FIX_ATTEMPT_STATES = [
  "planned",
  "patching",
  "proposed",
  "gating",
  "awaiting_approval",
  "merging",
  "deploying",
  "resolved",
  "no_fix",
  "gate_failed",
  "rolled_back",
  "dismissed",
  "superseded",
] as const;
export type FixAttemptState = (typeof FIX_ATTEMPT_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<FixAttemptState> = new Set([
  "resolved",
  "no_fix",
  "rolled_back",
  "dismissed",
  "superseded",
]);

export type FixAttemptEvent =
  | { type: "patch_started" }
  | { type: "patch_ready" }
  | { type: "no_fix_found"; reason: string }
  | { type: "gates_started" }
  | { type: "gates_passed"; needsApproval: boolean }
  | { type: "gates_failed"; reason: string }
  | { type: "approved"; by: string }
  | { type: "approval_revoked"; reason: string }
  | { type: "merged" }
  | { type: "deployed" }
  | { type: "deploy_failed"; reason: string }
  | { type: "retry_requested"; by: string }
  | { type: "rollback_opened"; by: string }
  | { type: "alert_resolved" }
  | { type: "dismissed"; by: string }
  | { type: "superseded"; by: string };

/** The pull request that carries a fix: secfix's own, or one it adopted (Dependabot's). */
export interface FixPullRequest {
  number: number;
  url: string;
  branch: string;
  /** The head commit secfix last wrote or accepted; a different head means someone else pushed. */
  headSha: string;
  adoptedFrom: "dependabot" | null;
  state: "open" | "closed" | "merged";
}

export interface FixAttempt {
  /** `<repositoryId>:<planKey>`: one attempt per plan, found again by a replay. */
  id: string;
  installationId: number;
  repository: RepositoryRef;
  planKey: string;
  findingIds: string[];
  state: FixAttemptState;
  strategy: string | null;
  /** The base commit the patch was computed on. */
  baseSha: string | null;
  pullRequest: FixPullRequest | null;
  /** Why the attempt stands where it does, in words for people (no fix, branch taken over, ...). */
  reason: string | null;
  /** Set once someone else pushed to the branch: secfix no longer updates it. */
  branchForeign: boolean;
  /**
   * How often a person restarted the fix on a fresh branch (`/secfix retry` after someone took the
   * branch over); part of the branch name, so the new PR never touches theirs.
   */
  restarts?: number;
  /** Set while the fix waits for one of the repository's open fix PRs to close (`max_open_fix_prs`). */
  deferred?: boolean;
  /** An AI fix for a rule nobody approved yet: waits for a pattern approver's review. */
  patternApproval?: PatternApproval | null;
  /** What the fix changes, as the gates and the risk assessment need it. */
  fix?: FixDescription | null;
  /** The files secfix's own commit changed: the scope a later head is held to. */
  changedFiles?: string[];
  /** The latest gate run, for the PR's head commit at the time. */
  gates?: GateRun | null;
  risk?: RiskAssessment | null;
  /** Set when people must approve before the fix may merge. */
  approval?: ApprovalState | null;
  merge?: MergeRecord | null;
  /** The revert PR `/secfix rollback` opened for this fix once merged. */
  rollback?: { pullNumber: number; url: string; by: string; at: string } | null;
  /** secfix's one evidence comment on the PR, edited rather than repeated. */
  evidenceCommentId?: number | null;
  /** A digest of the evidence comment last written, so an unchanged comment is not edited again. */
  evidenceDigest?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A package a dependency fix moves, with the advisories the move must clear. */
export interface DependencyChange {
  ecosystem: string;
  name: string;
  manifestPath: string;
  fromVersion: string;
  toVersion: string;
  relationship: "direct" | "transitive" | "unknown";
  scope: DependencyScope;
  vulnerabilities: VulnerableRange[];
}

export type FixDescription =
  | { kind: "code"; ruleId: string; alertNumber: number; path: string; severity: Severity; tool: string | null }
  | { kind: "dependency"; ecosystem: string; severity: Severity; packages: DependencyChange[] };

/** One evaluation of the gates on one head commit. */
export interface GateRun {
  headSha: string;
  /** When gating of this head began: the CI timeout counts from here. */
  startedAt: string;
  evaluatedAt: string;
  outcome: GatesOutcome;
  verdicts: GateVerdict[];
  /** The `secfix/gates` check run for this head, updated while gates are pending. */
  checkRunId: number | null;
}

export type ApprovalReason = "customer_facing" | "new_pattern" | "high_risk";

/** One kind of approval a fix needs, and who may give it (any writer when no team is named). */
export interface ApprovalRequirement {
  reason: ApprovalReason;
  teams: string[];
  detail: string;
}

export interface ApprovalGrant {
  by: string;
  /** The head the review approved; a later push voids it. */
  sha: string;
  /** The review's id, or the comment's for an approval by `/secfix approve`. */
  reviewId: number;
  via?: "review" | "command";
  reasons: ApprovalReason[];
  at: string;
}

export interface ApprovalState {
  requirements: ApprovalRequirement[];
  grants: ApprovalGrant[];
  /**
   * How approval is enforced: the `secfix/approval` check alone, or also a repository ruleset's
   * required reviewers for the customer-facing paths; `note` says why when the ruleset is absent.
   */
  enforcement: { ruleset: boolean; note: string };
  /** Teams already asked for a review, so a re-evaluation does not ask again. */
  requested?: string[];
  /** Reviews already judged not to count, so the audit log says so once. */
  ignoredReviewIds?: number[];
  /** Approvals given by `/secfix approve`, each bound to the head its comment saw; kept across passes. */
  commandGrants?: ApprovalGrant[];
  /** The `secfix/approval` check last posted: head and conclusion, so it is posted once per change. */
  check?: { sha: string; conclusion: "success" | "action_required" } | null;
}

export interface MergeRecord {
  headSha: string;
  method: "auto_merge" | "api";
  requestedAt: string;
  /** `requested` while GitHub's auto-merge waits; `merged` once done; `refused` with why. */
  status: "requested" | "merged" | "refused" | "waiting";
  note: string;
}

export interface PatternApproval {
  ruleId: string;
  strategy: string;
  /** The fix as a unified diff: the example the approval is about. */
  diff: string;
  teams: string[];
  /** The approver whose review released the fix, once one approved. */
  approvedBy: string | null;
}

/** A rule whose AI fixes a pattern approver approved on a merged PR: later fixes need no new approval. */
export interface ApprovedPattern {
  ruleId: string;
  strategy: string;
  exampleDiff: string;
  approvedBy: string;
  repository: string;
  pullRequest: number;
  approvedAt: string;
}

export function fixAttemptId(repositoryId: number, planKey: string): string {
  return `${repositoryId}:${planKey}`;
}

/** secfix's own fix PRs that are open now: what `max_open_fix_prs` counts. */
export function countOpenFixPulls(attempts: readonly FixAttempt[]): number {
  return attempts.filter((a) => a.pullRequest?.state === "open" && a.pullRequest.adoptedFrom === null && !a.branchForeign).length;
}

/** A fresh attempt for a plan, before anything was patched. */
export function newFixAttempt(input: { installationId: number; repository: RepositoryRef; planKey: string; findingIds: string[]; now: string }): FixAttempt {
  return {
    id: fixAttemptId(input.repository.id, input.planKey),
    installationId: input.installationId,
    repository: input.repository,
    planKey: input.planKey,
    findingIds: input.findingIds,
    state: "planned",
    strategy: null,
    baseSha: null,
    pullRequest: null,
    reason: null,
    branchForeign: false,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: FixAttemptState,
    readonly event: FixAttemptEvent["type"],
  ) {
    super(`a fix attempt in state "${from}" cannot take event "${event}"`);
    this.name = "IllegalTransitionError";
  }
}

type Table = Partial<Record<FixAttemptState, Partial<Record<FixAttemptEvent["type"], FixAttemptState>>>>;

const TRANSITIONS: Table = {
  planned: { patch_started: "patching", no_fix_found: "no_fix" },
  patching: { patch_ready: "proposed", no_fix_found: "no_fix" },
  // A new head commit (secfix's update or someone's push) is gated afresh from any open state.
  proposed: { gates_started: "gating", retry_requested: "planned" },
  gating: { gates_started: "gating", gates_failed: "gate_failed", retry_requested: "planned" },
  awaiting_approval: { approved: "merging", gates_started: "gating", retry_requested: "planned" },
  merging: { merged: "deploying", gates_started: "gating", approval_revoked: "awaiting_approval" },
  deploying: { deployed: "resolved", deploy_failed: "rolled_back" },
  gate_failed: { retry_requested: "planned", gates_started: "gating" },
  no_fix: { retry_requested: "planned" },
};

/** Moves a fix attempt; throws IllegalTransitionError for a move the table does not allow. */
export function transitionFixAttempt(from: FixAttemptState, event: FixAttemptEvent): FixAttemptState {
  if (event.type === "alert_resolved" && !TERMINAL_STATES.has(from)) return "resolved";
  // A merged fix can be reverted while it deploys and after it resolved the alert.
  if (event.type === "rollback_opened" && (from === "deploying" || from === "resolved")) return "rolled_back";
  if ((event.type === "dismissed" || event.type === "superseded") && !TERMINAL_STATES.has(from)) {
    return event.type;
  }
  if (from === "gating" && event.type === "gates_passed") {
    return event.needsApproval ? "awaiting_approval" : "merging";
  }
  const next = TRANSITIONS[from]?.[event.type];
  if (!next) throw new IllegalTransitionError(from, event.type);
  return next;
}
