import type { SecfixConfig } from "../config/config.schema.js";
import type { ApprovalReason, ApprovalState, FixAttempt } from "../domain/fix-attempt.js";
import type { RiskAssessment } from "../domain/risk.js";
import { createCheckRun } from "../github/create-check-run.js";
import type { PullDetails } from "../github/get-pull-details.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { listReviews } from "../github/list-approving-reviews.js";
import { requestTeamReview } from "../github/pull-requests.js";
import { ensureRequiredReviewerRuleset } from "../github/required-reviewer-ruleset.js";
import { canWrite, isTeamMember } from "../github/reviewer-authority.js";
import { approvalRequirements, grantsFrom, standingApprovals, unmetRequirements } from "../risk/approval-requirements.js";
import type { AuditNote } from "./publish-fix.js";

export const APPROVAL_CHECK_NAME = "secfix/approval";
export const APPROVAL_RULESET_NAME = "secfix: customer-facing review";

export interface ApprovalOutcome {
  approval: ApprovalState | null;
  /** True when no approval is needed, or every requirement has a grant for the head. */
  met: boolean;
  notes: AuditNote[];
}

/**
 * Decides what approval a fix needs at its head, asks for it once (team reviews, a ruleset where
 * GitHub allows it, a blocking `secfix/approval` check), and counts the standing reviews: an
 * approval counts only from an authorised person who did not write the change, for this head.
 */
export async function settleApproval(input: {
  github: GitHubClient;
  coordinates: RepoCoordinates;
  config: SecfixConfig;
  attempt: FixAttempt;
  pull: PullDetails;
  risk: RiskAssessment;
  /** Logins of people whose commits are in the PR; they cannot approve it. */
  authors: () => Promise<ReadonlySet<string>>;
  now: string;
}): Promise<ApprovalOutcome> {
  const { github, coordinates, config, attempt, pull } = input;
  const pattern = attempt.patternApproval ?? null;
  const requirements = approvalRequirements({
    risk: input.risk,
    newPatternRule: pattern ? pattern.ruleId : null,
    teams: { customerFacing: config.approvers.customer_facing, newPatterns: config.approvers.new_patterns, highRisk: config.approvers.high_risk },
  });
  if (requirements.length === 0) return { approval: null, met: true, notes: [] };

  const notes: AuditNote[] = [];
  const previous = attempt.approval ?? null;
  let approval: ApprovalState = {
    requirements,
    grants: previous?.grants ?? [],
    enforcement: previous?.enforcement ?? { ruleset: false, note: "" },
    requested: previous?.requested ?? [],
    ignoredReviewIds: previous?.ignoredReviewIds ?? [],
    commandGrants: previous?.commandGrants ?? [],
    check: previous?.check ?? null,
  };
  if (!previous) notes.push({ action: "fix.approval_required", details: { requirements } });

  const teams = [...new Set(requirements.flatMap((requirement) => requirement.teams))].filter((team) => !approval.requested!.includes(team));
  if (teams.length > 0) {
    await requestTeamReview(github, coordinates, pull.number, teams);
    approval = { ...approval, requested: [...approval.requested!, ...teams] };
    notes.push({ action: "fix.approval_requested", details: { teams } });
  }

  const facing = requirements.find((requirement) => requirement.reason === "customer_facing");
  if (!previous || previous.enforcement.note === "") {
    if (facing && config.approvers.ruleset && facing.teams.length > 0) {
      const ruleset = await ensureRequiredReviewerRuleset(github, coordinates, {
        name: APPROVAL_RULESET_NAME,
        branch: pull.baseRef,
        teams: facing.teams,
        filePatterns: config.customer_facing_paths,
      });
      approval.enforcement =
        ruleset.status === "active"
          ? { ruleset: true, note: `Ruleset ${APPROVAL_RULESET_NAME} (id ${ruleset.rulesetId}) requires the customer-facing teams' review for ${config.customer_facing_paths.join(", ")}.` }
          : { ruleset: false, note: `No ruleset: ${ruleset.reason}` };
      notes.push({ action: "fix.approval_enforcement", details: { ruleset: approval.enforcement.ruleset, note: approval.enforcement.note } });
    } else {
      approval.enforcement = { ruleset: false, note: facing ? "No ruleset: approvers.ruleset is off or no customer_facing team is named." : "Only customer-facing approval uses a ruleset." };
    }
  }

  // Grants are worked out afresh from the standing reviews each time: a dismissed review or a new head voids them.
  const reviews = await listReviews(github, coordinates, pull.number);
  const decisions = standingApprovals(reviews, { headSha: pull.headSha, authors: await input.authors() });
  const counted: { review: (typeof decisions)[number]["review"]; reasons: ApprovalReason[] }[] = [];
  const ignored = new Set(approval.ignoredReviewIds);
  for (const decision of decisions) {
    let refused = decision.refused;
    const reasons: ApprovalReason[] = [];
    if (!refused) {
      const login = decision.review.login!;
      for (const requirement of requirements) {
        if (await authorised(github, coordinates, requirement.teams, login)) reasons.push(requirement.reason);
      }
      if (reasons.length === 0) {
        const who = [...new Set(requirements.flatMap((r) => r.teams))];
        refused = who.length > 0 ? `${login} is not a member of ${who.join(", ")}` : `${login} cannot write to the repository`;
      }
    }
    if (refused) {
      if (!ignored.has(decision.review.id)) {
        ignored.add(decision.review.id);
        notes.push({ action: "fix.approval_ignored", details: { reviewer: decision.review.login, review: decision.review.id, reason: refused } });
      }
      continue;
    }
    counted.push({ review: decision.review, reasons });
  }
  // `/secfix approve` grants were authorised when given; they stand for as long as their head does.
  const commandGrants = (approval.commandGrants ?? []).filter((grant) => grant.sha === pull.headSha);
  const grants = [...grantsFrom(counted, input.now), ...commandGrants];
  for (const grant of grants) {
    if (grant.via === "command") continue;
    if (!approval.grants.some((g) => g.reviewId === grant.reviewId && g.sha === grant.sha)) {
      notes.push({ action: "fix.approval_granted", details: { reviewer: grant.by, commit: grant.sha, reasons: grant.reasons } });
    }
  }
  for (const old of approval.grants) {
    if (!grants.some((g) => g.reviewId === old.reviewId) && old.sha === pull.headSha) {
      notes.push({ action: "fix.approval_withdrawn", details: { reviewer: old.by, review: old.reviewId } });
    }
  }
  approval = { ...approval, grants, ignoredReviewIds: [...ignored] };

  const unmet = unmetRequirements(approval, pull.headSha);
  const conclusion = unmet.length === 0 ? "success" : "action_required";
  if (approval.check?.sha !== pull.headSha || approval.check.conclusion !== conclusion) {
    await createCheckRun(github, coordinates, {
      name: APPROVAL_CHECK_NAME,
      headSha: pull.headSha,
      conclusion,
      title: unmet.length === 0 ? `Approved by ${[...new Set(grants.map((g) => g.by))].join(", ")}` : `Waiting for approval: ${unmet.map((r) => r.reason.replace("_", "-")).join(", ")}`,
      summary: requirements
        .map((r) => `- ${unmet.includes(r) ? "⏳" : "✅"} ${r.detail}; from ${r.teams.length > 0 ? r.teams.join(", ") : "anyone with write access"}`)
        .concat(["", "An approval counts only for the commit it approves, from someone who did not write the change.", approval.enforcement.note])
        .join("\n"),
    });
    approval = { ...approval, check: { sha: pull.headSha, conclusion } };
  }
  return { approval, met: unmet.length === 0, notes };
}

async function authorised(github: GitHubClient, coordinates: RepoCoordinates, teams: readonly string[], login: string): Promise<boolean> {
  if (teams.length === 0) return canWrite(github, coordinates, login);
  for (const team of teams) if (await isTeamMember(github, coordinates.owner, team, login)) return true;
  return false;
}
