import { createHash } from "node:crypto";
import { gateAnnotations, renderGatesSummary } from "../audit/render-gates.js";
import { renderEvidence } from "../audit/render-evidence.js";
import type { SecfixConfig } from "../config/config.schema.js";
import { durationMs } from "../config/config.schema.js";
import type { RepositoryRef } from "../domain/finding.js";
import { transitionFixAttempt, type FixAttempt, type FixAttemptState, type GateRun } from "../domain/fix-attempt.js";
import { combineVerdicts } from "../domain/gate-verdict.js";
import type { JobInput, JobLease } from "../domain/job.js";
import { compareCommits, type CommitComparison } from "../github/compare-commits.js";
import { changeAuthors } from "../risk/change-authors.js";
import { branchPushers, readBranchLog } from "../github/branch-log.js";
import { createRepoFiles } from "../github/repo-files.js";
import { upsertEvidenceComment } from "../github/evidence-comment.js";
import { completeCheckRun, startCheckRun, updateCheckRunProgress } from "../github/gate-check-run.js";
import { getPullDetails, type PullDetails } from "../github/get-pull-details.js";
import { assessFixRisk } from "./assess-fix-risk.js";
import { collectGateVerdicts } from "./collect-gate-verdicts.js";
import { fixAttemptRecorder } from "./fix-attempt-recorder.js";
import { fixCodeJob, fixDependenciesJob, gateFixJob, splitFullName } from "./job-payloads.js";
import { mergeFix } from "./merge-fix.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import type { AuditNote } from "./publish-fix.js";
import { settleApproval } from "./settle-approval.js";

export const GATES_CHECK_NAME = "secfix/gates";

/** States in which a fix PR is open and judged; others are not secfix's to gate now. */
const GATED_STATES: ReadonlySet<FixAttemptState> = new Set(["proposed", "gating", "gate_failed", "awaiting_approval", "merging"]);

function move(state: FixAttemptState, event: Parameters<typeof transitionFixAttempt>[1]): FixAttemptState {
  return transitionFixAttempt(state, event);
}

/**
 * One evaluation of a fix PR at its current head: the gates (kept where already final on this
 * head), the risk, the approvals, and the merge when everything allows it. Every step is recorded
 * with its evidence; the check runs and the one evidence comment show it on the PR.
 */
export async function gateFix(deps: PipelineDeps, input: { installationId: number; repository: RepositoryRef; pullNumber: number; config: SecfixConfig; lease: JobLease }): Promise<void> {
  const { store, clock } = deps;
  const now = () => clock().toISOString();
  const attempts = await store.read((reader) => reader.listFixAttempts({ repositoryId: input.repository.id }));
  const found = attempts.find((a) => a.pullRequest?.number === input.pullNumber && a.pullRequest.state === "open");
  // A PR secfix did not open (someone's PR on a secfix/ branch, Dependabot's) is not gated or merged.
  if (!found || found.pullRequest!.adoptedFrom !== null || !GATED_STATES.has(found.state)) return;
  let attempt: FixAttempt = found;
  const github = await deps.github(input.installationId);
  const coordinates = splitFullName(input.repository.fullName);
  const record = fixAttemptRecorder(store, { installationId: input.installationId, repository: input.repository, lease: input.lease, now });
  const identity = await deps.appIdentity();

  const pull = await getPullDetails(github, coordinates, input.pullNumber);
  if (pull.state !== "open") return; // the closed event records it
  let compared: Promise<CommitComparison> | null = null;
  const comparison = () => (compared ??= compareCommits(github, coordinates, pull.baseRef, pull.headSha));
  const headFiles = createRepoFiles(github, coordinates, pull.headSha);
  const notes: AuditNote[] = [];
  const sameHead = attempt.gates?.headSha === pull.headSha;
  if (!sameHead) {
    attempt = { ...attempt, state: move(attempt.state, { type: "gates_started" }), gates: null, risk: attempt.risk?.headSha === pull.headSha ? attempt.risk : null };
    notes.push({ action: "gates.started", details: { pullRequest: pull.number, head: pull.headSha, pushedBySecfix: pull.headSha === attempt.pullRequest!.headSha } });
  }
  const previous = sameHead ? attempt.gates! : null;
  const startedAt = previous?.startedAt ?? now();

  let gates: GateRun = previous ?? { headSha: pull.headSha, startedAt, evaluatedAt: now(), outcome: "pending", verdicts: [], checkRunId: null };
  let changedFiles: string[] | null = null;
  if (!previous || previous.outcome === "pending") {
    const { verdicts, diff } = await collectGateVerdicts({
      deps,
      github,
      coordinates,
      config: input.config,
      identity,
      attempt,
      pull,
      startedAt,
      now: now(),
      settled: previous?.verdicts ?? [],
      comparison,
      headFiles,
    });
    if (diff) changedFiles = diff.changes.map((change) => change.path);
    const outcome = combineVerdicts(verdicts);
    // The head may have moved while the gates ran: a verdict about an old commit must not land.
    const latest = await getPullDetails(github, coordinates, input.pullNumber);
    if (latest.headSha !== pull.headSha) {
      await record(attempt, [...notes, { action: "gates.discarded", details: { judged: pull.headSha, head: latest.headSha } }], (tx) =>
        tx.enqueueJob(gateFixJob(input.installationId, input.repository, input.pullNumber, now()), now()).then(() => undefined),
      );
      return;
    }
    gates = { ...gates, verdicts, outcome, evaluatedAt: now() };
    gates.checkRunId = await publishGatesCheck(github, coordinates, gates);
    if (outcome !== "pending" || !previous) {
      notes.push({ action: `gates.${outcome}`, details: { head: pull.headSha, verdicts: verdicts.map((v) => ({ gate: v.gate, passed: v.passed, pending: v.pending ?? false, evidence: v.evidence })) } });
    }
  }
  attempt = { ...attempt, gates };

  // Risk and approval do not wait for CI: reviewers are asked, and the approval check blocks, at once.
  if (attempt.risk?.headSha !== pull.headSha) {
    const files = changedFiles ?? (await comparison()).files.map((file) => file.path);
    attempt.risk = await assessFixRisk({
      github,
      coordinates,
      store,
      config: input.config,
      attempt,
      headSha: pull.headSha,
      headFiles,
      baseRef: pull.baseRef,
      changedFiles: files,
      newPattern: Boolean(attempt.patternApproval && !attempt.patternApproval.approvedBy),
      now: now(),
    });
    notes.push({ action: "risk.assessed", details: { head: pull.headSha, level: attempt.risk.level, reasons: attempt.risk.reasons } });
  }
  const risk = attempt.risk;
  // Asked only when some approval is needed: who wrote the change may not approve it.
  // Commit author fields can name anyone: whoever GitHub's push log says pushed to the branch counts too.
  const authors = async () => {
    const written = changeAuthors(await comparison(), pull, identity.botLogin);
    const log = await readBranchLog(github, coordinates, pull.headRef);
    if (log.status === "read") for (const pusher of branchPushers(log.moves, identity.botLogin)) written.add(pusher);
    return written;
  };
  const approval = await settleApproval({ github, coordinates, config: input.config, attempt, pull, risk, authors, now: now() });
  notes.push(...approval.notes);
  attempt = { ...attempt, approval: approval.approval };
  const newPatternGrant = approval.approval?.grants.find((grant) => grant.sha === pull.headSha && grant.reasons.includes("new_pattern"));
  if (attempt.patternApproval && newPatternGrant && !attempt.patternApproval.approvedBy) {
    attempt = { ...attempt, patternApproval: { ...attempt.patternApproval, approvedBy: newPatternGrant.by } };
    notes.push({ action: "fix.pattern_approved_by", details: { rule: attempt.patternApproval!.ruleId, reviewer: newPatternGrant.by, commit: pull.headSha } });
  }

  if (gates.outcome === "pending") {
    const deadline = new Date(Date.parse(startedAt) + durationMs(input.config.gates.ci_timeout)).toISOString();
    await finish(attempt, notes, [gateFixJob(input.installationId, input.repository, input.pullNumber, now(), { runAt: deadline, headSha: pull.headSha })]);
    return;
  }
  if (gates.outcome === "failed") {
    if (attempt.state !== "gate_failed") attempt = { ...attempt, state: move(attempt.state, { type: "gates_failed", reason: "a gate failed" }) };
    await finish(attempt, notes, []);
    return;
  }

  const passedState: FixAttemptState = attempt.state === "gating" ? move("gating", { type: "gates_passed", needsApproval: approval.approval !== null }) : attempt.state;
  if (!approval.met) {
    attempt = { ...attempt, state: passedState === "merging" ? move("merging", { type: "approval_revoked", reason: "an approval no longer stands" }) : passedState };
    await finish(attempt, notes, []);
    return;
  }
  attempt = { ...attempt, state: passedState === "awaiting_approval" ? move(passedState, { type: "approved", by: approval.approval?.grants[0]?.by ?? "policy" }) : passedState };

  if (attempt.merge?.headSha === pull.headSha && (attempt.merge.status === "requested" || attempt.merge.status === "merged" || attempt.merge.status === "refused")) {
    await finish(attempt, notes, []);
    return;
  }
  const step = await mergeFix({ github, coordinates, comparison, store, lease: input.lease, config: input.config, identity, attempt, pull, risk, neededApproval: approval.approval !== null, now: now() });
  attempt = { ...attempt, merge: step.merge };
  notes.push({ action: `merge.${step.merge.status}`, details: { head: pull.headSha, method: step.merge.method, note: step.merge.note } });
  const follow: JobInput[] =
    step.next === "refix"
      ? [attempt.planKey.startsWith("code:") ? fixCodeJob(input.installationId, input.repository, attempt.findingIds[0]!, now()) : fixDependenciesJob(input.installationId, input.repository, now())]
      : step.next === "regate"
        ? [gateFixJob(input.installationId, input.repository, input.pullNumber, now())]
        : [];
  await finish(attempt, notes, follow);

  async function finish(final: FixAttempt, events: AuditNote[], jobs: JobInput[]): Promise<void> {
    const body = renderEvidence(final, pull.headSha);
    const digest = createHash("sha256").update(body).digest("hex");
    let withComment = final;
    if (final.evidenceDigest !== digest) {
      const commentId = await upsertEvidenceComment(github, coordinates, { pullNumber: pull.number, commentId: final.evidenceCommentId ?? null, body });
      withComment = { ...final, evidenceCommentId: commentId, evidenceDigest: digest };
    }
    await record(withComment, events, async (tx) => {
      for (const job of jobs) await tx.enqueueJob(job, now());
    });
  }
}

async function publishGatesCheck(github: Parameters<typeof startCheckRun>[0], coordinates: Parameters<typeof startCheckRun>[1], gates: GateRun): Promise<number> {
  const rendered = renderGatesSummary({ outcome: gates.outcome, verdicts: gates.verdicts, headSha: gates.headSha });
  let id = gates.checkRunId;
  if (id === null) id = await startCheckRun(github, coordinates, { name: GATES_CHECK_NAME, headSha: gates.headSha, title: rendered.title, summary: rendered.summary });
  if (gates.outcome === "pending") {
    if (gates.checkRunId !== null) await updateCheckRunProgress(github, coordinates, { checkRunId: id, title: rendered.title, summary: rendered.summary });
    return id;
  }
  await completeCheckRun(github, coordinates, {
    checkRunId: id,
    conclusion: gates.outcome === "passed" ? "success" : "failure",
    title: rendered.title,
    summary: rendered.summary,
    annotations: gateAnnotations(gates.verdicts),
  });
  return id;
}
