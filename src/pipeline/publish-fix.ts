import type { FileChange } from "../domain/dependency-fix.js";
import type { FixAttempt, FixDescription, FixPullRequest } from "../domain/fix-attempt.js";
import { codeSpan } from "../domain/markdown.js";
import { createCheckRun, type CheckRunInput } from "../github/create-check-run.js";
import type { BranchTip } from "../github/get-branch-tip.js";
import { createBranch, createCommit, getBranchHeadSha, getCommit, moveBranch } from "../github/git-commits.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import type { StoreTx } from "../store/store.js";
import type { RecordFixAttempt } from "./fix-attempt-recorder.js";
import { gateFixJob } from "./job-payloads.js";
import { addLabels, closePullRequest, commentOnPullRequest, openPullRequest, updatePullRequestBody } from "../github/pull-requests.js";

export const FIX_CHECK_NAME = "secfix";

export interface AuditNote {
  action: string;
  details: Record<string, unknown>;
}

export interface PublishContext {
  github: GitHubClient;
  coordinates: RepoCoordinates;
  defaultBranch: string;
  base: BranchTip;
  /** Saves the attempt with its audit events, in one transaction fenced by the job's lease. */
  record: RecordFixAttempt;
  now: () => string;
}

export interface FixPublication {
  attempt: FixAttempt;
  branch: string;
  title: string;
  body: string;
  commitMessage: string;
  changes: readonly FileChange[];
  labels: string[];
  strategy: string;
  check: Omit<CheckRunInput, "name" | "headSha" | "conclusion">;
  /** Events to record with the outcome (plan, patch, checks). */
  events: AuditNote[];
  /** What the fix changes, for the gates and the risk assessment. */
  fix: FixDescription;
  /** Said on the attempt when part of the plan stayed unfixed. */
  partialReason: string | null;
}

/**
 * Puts a checked patch on its deterministic branch and PR. The same branch as before is brought
 * onto the new base, unless someone else pushed to it (then secfix stops, once, and says so);
 * a branch left by a crashed run with secfix's own commit is taken up; one with anyone else's
 * commits is left alone; a PR GitHub says already exists is adopted.
 */
export async function publishFix(context: PublishContext, publication: FixPublication): Promise<void> {
  const { github, coordinates, base, record } = context;
  const { attempt, branch, title, body, commitMessage, changes, strategy, events } = publication;
  const pull = attempt.pullRequest?.state === "open" && !attempt.branchForeign ? attempt.pullRequest : null;

  if (pull && pull.branch === branch) {
    const head = await getBranchHeadSha(github, coordinates, branch);
    if (head !== pull.headSha) {
      await stopUpdating(context, attempt, pull, head, events);
      return;
    }
    const commit = await createCommit(github, coordinates, { parentSha: base.sha, baseTreeSha: base.treeSha, message: commitMessage, files: changes });
    await moveBranch(github, coordinates, branch, commit.commitSha);
    await updatePullRequestBody(github, coordinates, pull.number, { title, body });
    await createCheckRun(github, coordinates, { name: FIX_CHECK_NAME, headSha: commit.commitSha, conclusion: "success", ...publication.check });
    await record(
      { ...attempt, ...proposal(publication), state: "proposed", strategy, baseSha: base.sha, pullRequest: { ...pull, headSha: commit.commitSha }, reason: publication.partialReason },
      [...events, { action: "fix.updated", details: { pullRequest: pull.number, branch, commit: commit.commitSha, baseSha: base.sha } }],
      gateSoon(context, attempt, pull.number),
    );
    return;
  }

  const commit = await createCommit(github, coordinates, { parentSha: base.sha, baseTreeSha: base.treeSha, message: commitMessage, files: changes });
  let headSha = commit.commitSha;
  const write = await createBranch(github, coordinates, branch, commit.commitSha);
  if (write.status === "exists") {
    // A run that crashed after creating the branch left secfix's own commit there: same tree, same base.
    const present = await getCommit(github, coordinates, write.sha);
    if (present.treeSha !== commit.treeSha || present.parents.length !== 1 || present.parents[0] !== base.sha) {
      const reason = `branch ${branch} already exists with commits secfix did not make; secfix will not overwrite it`;
      await record({ ...attempt, state: "no_fix", baseSha: base.sha, reason, branchForeign: true }, [
        ...events,
        { action: "fix.branch_foreign", details: { branch, head: write.sha } },
      ]);
      return;
    }
    headSha = write.sha;
  }
  const opened = await openPullRequest(github, coordinates, { branch, base: context.defaultBranch, title, body });
  await addLabels(github, coordinates, opened.number, publication.labels);
  await createCheckRun(github, coordinates, { name: FIX_CHECK_NAME, headSha, conclusion: "success", ...publication.check });
  const pullRequest: FixPullRequest = { number: opened.number, url: opened.url, branch, headSha, adoptedFrom: null, state: "open" };
  await record(
    { ...attempt, ...proposal(publication), state: "proposed", strategy, baseSha: base.sha, reason: publication.partialReason, pullRequest, deferred: false },
    [...events, { action: "fix.published", details: { pullRequest: opened.number, url: opened.url, branch, commit: headSha, reusedPullRequest: opened.adopted } }],
    gateSoon(context, attempt, opened.number),
  );
  // A new target replaced an older fix for the same plan: close the old PR in its favour.
  if (pull && pull.branch !== branch && pull.adoptedFrom === null) {
    await commentOnPullRequest(github, coordinates, pull.number, `Superseded by #${opened.number}, which fixes the same alerts with a newer change.`);
    await closePullRequest(github, coordinates, pull.number);
  }
}

/** A new head starts its gates afresh: no verdict, risk, approval or merge of an older head carries over. */
function proposal(publication: FixPublication): Partial<FixAttempt> {
  return { fix: publication.fix, changedFiles: publication.changes.map((change) => change.path), gates: null, merge: null };
}

/** The gate pass for a freshly pushed fix, queued with the attempt so neither exists without the other. */
function gateSoon(context: PublishContext, attempt: FixAttempt, pullNumber: number) {
  return async (tx: StoreTx): Promise<void> => {
    const now = context.now();
    await tx.enqueueJob(gateFixJob(attempt.installationId, attempt.repository, pullNumber, now), now);
  };
}

async function stopUpdating(context: PublishContext, attempt: FixAttempt, pull: FixPullRequest, head: string | null, events: AuditNote[]): Promise<void> {
  await commentOnPullRequest(
    context.github,
    context.coordinates,
    pull.number,
    head === null
      ? "The branch of this pull request was deleted, so secfix stops updating it."
      : `Someone pushed to ${codeSpan(pull.branch)} (head ${codeSpan(head.slice(0, 12))}), so secfix stops updating this pull request; it is yours now. Comment \`/secfix retry\` to have secfix open a fresh one.`,
  );
  await context.record({ ...attempt, branchForeign: true, reason: `someone else pushed to ${pull.branch}` }, [
    ...events,
    { action: "fix.branch_foreign", details: { pullRequest: pull.number, branch: pull.branch, head } },
  ]);
}
