import type { ApprovalGrant, ApprovalReason, ApprovalRequirement, ApprovalState } from "../domain/fix-attempt.js";
import type { RiskAssessment } from "../domain/risk.js";

export interface ApprovalTeams {
  customerFacing: readonly string[];
  newPatterns: readonly string[];
  /** Empty means the customer-facing teams decide high-risk fixes too. */
  highRisk: readonly string[];
}

/**
 * The approvals a fix needs before it may merge: one per reason, each from its own teams. A
 * requirement with no team named may be met by anyone who can write to the repository.
 */
export function approvalRequirements(input: { risk: RiskAssessment; newPatternRule: string | null; teams: ApprovalTeams }): ApprovalRequirement[] {
  const requirements: ApprovalRequirement[] = [];
  const facing = input.risk.blast.customerFacing;
  if (facing.length > 0) {
    requirements.push({
      reason: "customer_facing",
      teams: [...input.teams.customerFacing],
      detail: `touches customer-facing code: ${facing.map((match) => match.path).join(", ")}`,
    });
  }
  if (input.newPatternRule !== null) {
    requirements.push({
      reason: "new_pattern",
      teams: [...input.teams.newPatterns],
      detail: `an AI fix for ${input.newPatternRule}, a rule with no approved pattern yet`,
    });
  }
  if (input.risk.level === "high") {
    const high = input.risk.reasons.filter((reason) => reason.level === "high").map((reason) => reason.detail);
    requirements.push({
      reason: "high_risk",
      teams: [...(input.teams.highRisk.length > 0 ? input.teams.highRisk : input.teams.customerFacing)],
      detail: `high risk: ${high.join("; ")}`,
    });
  }
  return requirements;
}

/** Requirements no grant for `headSha` meets yet: an approval of an older head counts for nothing. */
export function unmetRequirements(state: ApprovalState, headSha: string): ApprovalRequirement[] {
  const met = new Set<ApprovalReason>(state.grants.filter((grant) => grant.sha === headSha).flatMap((grant) => grant.reasons));
  return state.requirements.filter((requirement) => !met.has(requirement.reason));
}

/** A review as GitHub lists it, reduced to what deciding on it needs. */
export interface ReviewRecord {
  id: number;
  login: string | null;
  type: string | null;
  state: string;
  commitId: string | null;
  submittedAt: string | null;
}

export interface ReviewDecision {
  review: ReviewRecord;
  /** Null when the review may count; otherwise why it does not. */
  refused: string | null;
}

/**
 * Each reviewer's standing review (their latest; a dismissed or changes-requested review cancels an
 * earlier approval), and whether it may count: it must approve `headSha`, and come from a person
 * who is neither a bot nor an author of the change.
 */
export function standingApprovals(reviews: readonly ReviewRecord[], input: { headSha: string; authors: ReadonlySet<string> }): ReviewDecision[] {
  const latest = new Map<string, ReviewRecord>();
  for (const review of reviews) {
    if (!review.login) continue;
    const state = review.state.toUpperCase();
    // Plain comments leave a reviewer's standing decision as it was.
    if (state === "COMMENTED" || state === "PENDING") continue;
    latest.set(review.login.toLowerCase(), review);
  }
  const decisions: ReviewDecision[] = [];
  for (const review of latest.values()) {
    if (review.state.toUpperCase() !== "APPROVED") continue;
    const login = review.login!;
    let refused: string | null = null;
    if (review.type === "Bot" || login.endsWith("[bot]")) refused = "bots cannot approve a fix";
    else if (input.authors.has(login.toLowerCase())) refused = `${login} wrote part of this change and cannot approve it`;
    else if (review.commitId !== input.headSha) {
      refused = `the review approves ${review.commitId ? review.commitId.slice(0, 12) : "an unknown commit"}, not the head ${input.headSha.slice(0, 12)}`;
    }
    decisions.push({ review, refused });
  }
  return decisions;
}

/** Grants, one per counted reviewer, for the reasons they are authorised for. */
export function grantsFrom(decisions: readonly { review: ReviewRecord; reasons: ApprovalReason[] }[], at: string): ApprovalGrant[] {
  return decisions
    .filter((decision) => decision.reasons.length > 0 && decision.review.commitId && decision.review.login)
    .map((decision) => ({ by: decision.review.login!, sha: decision.review.commitId!, reviewId: decision.review.id, reasons: decision.reasons, at: decision.review.submittedAt ?? at }));
}
