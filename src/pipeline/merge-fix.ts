import type { SecfixConfig } from "../config/config.schema.js";
import type { FixAttempt, MergeRecord } from "../domain/fix-attempt.js";
import type { RiskAssessment } from "../domain/risk.js";
import { isAppAuthor, type AppIdentity } from "../github/app-identity.js";
import type { CommitComparison } from "../github/compare-commits.js";
import { enableAutoMerge } from "../github/enable-auto-merge.js";
import type { PullDetails } from "../github/get-pull-details.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { mergePull } from "../github/merge-pull.js";
import { getRepoMergeSettings } from "../github/repo-merge-settings.js";
import { autoMergePolicy } from "../risk/auto-merge-policy.js";
import type { Store } from "../store/store.js";
import type { JobLease } from "../domain/job.js";

export interface MergeStep {
  merge: MergeRecord;
  /** What has to happen next: rebuild the fix on the current base, or gate the new head. */
  next: "refix" | "regate" | null;
}

/** Another fix of the repository whose merge is under way: only one merges into a base at a time. */
function mergeHolder(attempts: readonly FixAttempt[], self: FixAttempt): FixAttempt | null {
  return (
    attempts.find(
      (other) => other.id !== self.id && other.pullRequest?.state === "open" && other.merge?.status === "requested" && other.state === "merging",
    ) ?? null
  );
}

/**
 * Merges a fix whose gates passed and whose approvals (if any) are in, when policy allows it and
 * the PR is provably secfix's own, unchanged since secfix pushed it, and up to date with its base.
 * GitHub's auto-merge is used where the repository allows it and the PR cannot merge yet;
 * otherwise the REST merge, guarded by the head SHA so a late push cannot slip in.
 */
export async function mergeFix(input: {
  github: GitHubClient;
  coordinates: RepoCoordinates;
  comparison: () => Promise<CommitComparison>;
  store: Store;
  lease: JobLease;
  config: SecfixConfig;
  identity: AppIdentity;
  attempt: FixAttempt;
  pull: PullDetails;
  risk: RiskAssessment;
  neededApproval: boolean;
  now: string;
}): Promise<MergeStep> {
  const { github, coordinates, config, attempt, pull } = input;
  const record = (status: MergeRecord["status"], note: string, method: MergeRecord["method"] = "api"): MergeRecord => ({
    headSha: pull.headSha,
    method,
    requestedAt: input.now,
    status,
    note,
  });
  const policy = autoMergePolicy({ config: config.auto_merge, fix: attempt.fix!, risk: input.risk, neededApproval: input.neededApproval });
  if (!policy.allowed) {
    return { merge: record("waiting", `secfix does not merge this itself (${policy.reasons.join("; ")}); a person with write access merges it.`), next: null };
  }
  if (!isAppAuthor(input.identity, { login: pull.authorLogin, type: pull.authorType })) {
    return { merge: record("refused", `the pull request was opened by ${pull.authorLogin ?? "unknown"}, not by ${input.identity.botLogin}; secfix merges only its own.`), next: null };
  }
  if (attempt.branchForeign || pull.headSha !== attempt.pullRequest?.headSha) {
    return { merge: record("refused", `someone else pushed to ${pull.headRef} (head ${pull.headSha.slice(0, 12)}); secfix merges only the commit it made.`), next: null };
  }
  if (pull.draft) return { merge: record("waiting", "the pull request is a draft."), next: null };
  if (pull.mergeable === false || pull.mergeableState === "dirty") {
    return { merge: record("waiting", "the branch conflicts with its base; secfix rebuilds the fix on the current base."), next: "refix" };
  }
  const comparison = await input.comparison();
  if (comparison.behindBy > 0) {
    return { merge: record("waiting", `the branch is ${comparison.behindBy} commit(s) behind ${pull.baseRef}; secfix rebuilds the fix on the current base, and the gates run again.`), next: "refix" };
  }

  // One merge per base branch: the claim is taken in a transaction, so two jobs cannot both hold it.
  const holder = await input.store.transaction(
    async (tx) => {
      const attempts = await tx.listFixAttempts({ repositoryId: attempt.repository.id });
      const other = mergeHolder(attempts, attempt);
      if (!other) {
        const current = attempts.find((a) => a.id === attempt.id) ?? attempt;
        await tx.saveFixAttempt({ ...current, merge: record("requested", `merging ${pull.headSha.slice(0, 12)}`), updatedAt: input.now });
      }
      return other;
    },
    { lease: input.lease },
  );
  if (holder) {
    return { merge: record("waiting", `waits for #${holder.pullRequest!.number} to merge first: secfix merges one fix into ${pull.baseRef} at a time, then brings the others up to date.`), next: null };
  }

  const settings = await getRepoMergeSettings(github, coordinates);
  let method = config.auto_merge.merge_method;
  let methodNote = "";
  if (!settings.allowedMethods.includes(method)) {
    const fallback = settings.allowedMethods[0];
    if (!fallback) return { merge: record("refused", "the repository allows no merge method secfix can use."), next: null };
    methodNote = ` (the repository does not allow ${method}; used ${fallback})`;
    method = fallback;
  }
  if (settings.allowAutoMerge && pull.mergeableState !== "clean") {
    const auto = await enableAutoMerge(github, { pullNodeId: pull.nodeId, method, expectedHeadOid: pull.headSha });
    if (auto.status === "enabled") {
      return { merge: record("requested", `GitHub's auto-merge (${method}) is on for ${pull.headSha.slice(0, 12)}${methodNote}; GitHub merges once the branch's own rules are met.`, "auto_merge"), next: null };
    }
    if (auto.status === "head_moved") return { merge: record("waiting", `the head moved while secfix enabled auto-merge: ${auto.message}`), next: "regate" };
    if (auto.status === "failed") return { merge: record("refused", `GitHub refused auto-merge: ${auto.message}`), next: null };
    // not_allowed or clean: the REST merge below decides.
  }
  const result = await mergePull(github, coordinates, { number: pull.number, sha: pull.headSha, method });
  switch (result.status) {
    case "merged":
      return { merge: record("merged", `secfix merged ${pull.headSha.slice(0, 12)} by ${method}${methodNote}: every gate passed on that commit and policy allowed it (${policy.reasons.join("; ")}).`), next: null };
    case "head_moved":
      return { merge: record("waiting", `the head moved before the merge: ${result.message}`), next: "regate" };
    case "conflict":
      return { merge: record("waiting", `GitHub reports a conflict: ${result.message}; secfix rebuilds the fix on the current base.`), next: "refix" };
    case "not_mergeable":
      return {
        merge: record("refused", `GitHub refused the merge: ${result.message}${settings.allowAutoMerge ? "" : " (the repository does not allow auto-merge, so secfix cannot queue it)"}. A person with write access can merge it.`),
        next: null,
      };
    case "method_not_allowed":
      return { merge: record("refused", `GitHub refused the merge method ${method}: ${result.message}`), next: null };
  }
}
