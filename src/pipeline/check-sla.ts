import { alertedPath } from "../audit/render-sla-facts.js";
import { renderSlaComment } from "../audit/render-sla-comments.js";
import { escalationIssueTitle, renderEscalationIssue, SLA_LABELS, slaNoteMarker, type SlaNoteFacts } from "../audit/render-sla-escalation.js";
import type { Finding, FindingSla } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { commentOnce } from "../github/comment-once.js";
import { assignEscalationIssue, createEscalationIssue, escalationMarker, findEscalationIssue, updateEscalationIssue } from "../github/escalation-issue.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { addLabels } from "../github/pull-requests.js";
import { PermanentJobError } from "../jobs/job-errors.js";
import type { StoreTx } from "../store/store.js";
import type { JobHandler } from "../jobs/worker.js";
import { slaDueAt } from "../triage/sla-due-at.js";
import { slaElapsedPercent } from "../triage/sla-timeline.js";
import { slaTimerDue } from "../triage/sla-timer-due.js";
import { asJobError } from "./as-job-error.js";
import { closeSlaEscalation } from "./close-sla-escalation.js";
import { deferredSlaTimerJob, SLA_CHECK_KIND, slaCheckPayload, slaResolvedJob, splitFullName, syncAlertJob, type SlaCheckPayload } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import type { AuditNote } from "./publish-fix.js";
import { recordSla } from "./record-sla.js";
import { resolveRepoConfig } from "./resolve-repo-config.js";
import { escalationAssignees, escalationTeams, slaAudience } from "./sla-audience.js";

type SlaTimer = Extract<SlaCheckPayload, { stage: "timer" }>;

/** How long an escalation waits when the repository has its limit of open escalation issues. */
export const ESCALATION_RETRY_MS = 86_400_000;

/** The SLA clock's entries in the job handler map. */
export function slaCheckHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  return { [SLA_CHECK_KIND]: createSlaCheckHandler(deps) };
}

/** The `sla.check` job: a timer at a threshold of a finding's SLA, or the close-out once it resolved. */
export function createSlaCheckHandler(deps: PipelineDeps): JobHandler {
  return async (job, { lease }) => {
    const parsed = slaCheckPayload.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError(`job ${job.id} (${job.kind}) has a malformed payload: ${parsed.error.message}`);
    const payload = parsed.data;
    try {
      if (payload.stage === "timer") await checkSla(deps, payload, { lease, round: `job-${job.id}` });
      else await closeSlaEscalation(deps, payload, lease);
    } catch (error) {
      throw asJobError(error, payload.stage === "timer" ? "check a finding's SLA" : "close a finding's SLA escalation", deps.clock());
    }
  };
}

/**
 * The alert closed while the timer spoke to GitHub: the sync that saw it close had nothing to undo
 * yet, so the close-out is queued with what this pass recorded.
 */
async function closeOutIfResolved(tx: StoreTx, saved: Finding, now: string): Promise<void> {
  const sla = saved.sla;
  if (saved.alert.state === "open" || !sla || (!sla.escalation && sla.atRiskPulls.length === 0)) return;
  await tx.enqueueJob(slaResolvedJob(saved.installationId, saved.repository, saved.id, saved.resolvedAt ?? now), now);
}

/** The attempt that carries the finding's fix: the one with an open PR, else the latest. */
function fixFor(attempts: readonly FixAttempt[], findingId: string): FixAttempt | null {
  const mine = attempts.filter((attempt) => attempt.findingIds.includes(findingId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return mine.find((attempt) => attempt.pullRequest?.state === "open") ?? mine[0] ?? null;
}

/**
 * One SLA timer. Stale timers (the finding resolved, is no longer acted on, is due at another
 * time, or a later threshold was reached) do nothing. At risk with an open fix PR: label and
 * comment on the PR. Otherwise, and always once breached: the finding's one escalation issue.
 * `round` identifies this timer, so a retry after a crash does not say the same thing twice.
 */
export async function checkSla(deps: PipelineDeps, timer: SlaTimer, context: { lease: JobLease; round: string }): Promise<void> {
  const { store, clock } = deps;
  const now = () => clock().toISOString();
  const finding = await store.read((reader) => reader.getFinding(timer.findingId));
  if (!finding || !slaTimerDue(finding, timer, now())) return;

  const { repository } = finding;
  const github = await deps.github(finding.installationId);
  const config = await resolveRepoConfig({ store, github, installationId: finding.installationId, repository, lease: context.lease, now });
  if (!config) {
    // secfix acts on nothing in a repository whose configuration is broken. The clock is disarmed,
    // so the sync that follows the fix of the file (a backfill) arms it again and late timers run.
    await recordSla(store, {
      finding,
      lease: context.lease,
      now: now(),
      change: (sla) => (sla.dueAt === timer.dueAt ? { ...sla, dueAt: null, notified: [] } : sla),
      events: [{ action: "sla.held", details: { threshold: timer.threshold, dueAt: timer.dueAt, reason: "configuration invalid" } }],
    });
    return;
  }
  if (slaDueAt(finding.triage!.severity, finding.alert.createdAt, config.sla) !== timer.dueAt) {
    // The configured SLA changed since the finding was triaged: triaging it again sets fresh timers.
    await store.transaction((tx) => tx.enqueueJob(syncAlertJob(finding.installationId, repository, finding.alert.source, finding.alert.alertNumber), now()), {
      lease: context.lease,
    });
    return;
  }

  const coordinates = splitFullName(repository.fullName);
  const attempt = fixFor(await store.read((reader) => reader.listFixAttempts({ repositoryId: repository.id })), finding.id);
  const audience = await slaAudience(github, coordinates, { defaultBranch: repository.defaultBranch, path: alertedPath(finding), config });
  const facts: SlaNoteFacts = { finding, threshold: timer.threshold, dueAt: timer.dueAt, now: now(), attempt, ...audience };
  const marker = slaNoteMarker(finding.id, timer.threshold, context.round);
  const told = (sla: FindingSla): number[] => (sla.dueAt === timer.dueAt ? [...new Set([...sla.notified, timer.threshold])] : sla.notified);
  const summary = {
    threshold: timer.threshold,
    dueAt: timer.dueAt,
    elapsedPercent: slaElapsedPercent(finding.alert.createdAt, timer.dueAt, facts.now),
    owners: audience.owners,
    teams: audience.teams,
    fix: attempt ? { state: attempt.state, pullRequest: attempt.pullRequest?.number ?? null } : null,
  };

  const pull = attempt?.pullRequest?.state === "open" ? attempt.pullRequest : null;
  if (timer.threshold < 100 && pull) {
    await addLabels(github, coordinates, pull.number, [SLA_LABELS.atRisk]);
    await commentOnce(github, coordinates, { issueNumber: pull.number, marker, body: renderSlaComment({ ...facts, marker, on: "pull_request" }) });
    await recordSla(store, {
      finding,
      lease: context.lease,
      now: now(),
      change: (sla) => ({ ...sla, notified: told(sla), atRiskPulls: [...new Set([...sla.atRiskPulls, pull.number])] }),
      events: [{ action: "sla.at_risk", details: { ...summary, via: "pull_request", pullRequest: pull.number, label: SLA_LABELS.atRisk } }],
      also: (tx, saved) => closeOutIfResolved(tx, saved, now()),
    });
    return;
  }

  if (!finding.sla?.escalation) {
    // A backlog of overdue alerts (an install on an old repository) must not open dozens of issues at once.
    const open = (await store.read((reader) => reader.listFindings({ repository: repository.fullName, state: "open" }))).filter((other) => other.sla?.escalation).length;
    if (open >= config.sla.max_open_escalations) {
      const retryAt = new Date(clock().getTime() + ESCALATION_RETRY_MS).toISOString();
      await recordSla(store, {
        finding,
        lease: context.lease,
        now: now(),
        change: (sla) => sla,
        events: [{ action: "sla.escalation_deferred", details: { ...summary, open, limit: config.sla.max_open_escalations, retryAt } }],
        also: (tx) => tx.enqueueJob(deferredSlaTimerJob(timer, retryAt), now()).then(() => undefined),
      });
      return;
    }
  }
  const escalation = await escalate(deps, github, coordinates, { finding, facts, marker, teams: escalationTeams(config) });
  await recordSla(store, {
    finding,
    lease: context.lease,
    now: now(),
    change: (sla) => ({ ...sla, notified: told(sla), escalation: { issueNumber: escalation.issue.number, url: escalation.issue.url } }),
    events: [
      {
        action: timer.threshold === 100 ? "sla.breached" : "sla.at_risk",
        details: { ...summary, via: "issue", issue: escalation.issue.number, created: escalation.created, recovered: escalation.recovered },
      },
      ...escalation.events,
    ],
    also: (tx, saved) => closeOutIfResolved(tx, saved, now()),
  });
}

interface Escalation {
  issue: { number: number; url: string };
  created: boolean;
  /** Found through its marker: a run that opened it stopped before recording it. */
  recovered: boolean;
  events: AuditNote[];
}

/** Opens the finding's escalation issue, or brings the one it has up to date: never a second. */
async function escalate(
  deps: PipelineDeps,
  github: GitHubClient,
  coordinates: RepoCoordinates,
  input: { finding: Finding; facts: SlaNoteFacts; marker: string; teams: string[] },
): Promise<Escalation> {
  const { finding, facts, marker } = input;
  const { botLogin } = await deps.appIdentity();
  const known = finding.sla?.escalation?.issueNumber ?? null;
  const existing = await findEscalationIssue(github, coordinates, { issueNumber: known, findingId: finding.id, botLogin });
  const title = escalationIssueTitle(finding, facts.threshold);
  const label = facts.threshold === 100 ? SLA_LABELS.breached : SLA_LABELS.atRisk;
  const markers = [escalationMarker(finding.id), marker];

  if (!existing) {
    const assignees = await escalationAssignees(github, coordinates.owner, input.teams);
    const { issue, assigned } = await createEscalationIssue(github, coordinates, {
      title,
      labels: [label],
      assignees,
      body: (ok) => renderEscalationIssue({ ...facts, markers, unassigned: ok ? null : assignees }),
    });
    return {
      issue,
      created: true,
      recovered: false,
      events: assigned || assignees.length === 0 ? [] : [{ action: "sla.escalation_unassigned", details: { issue: issue.number, refused: assignees } }],
    };
  }

  // The body is rewritten below: whether this timer already spoke is read from the body as it was.
  const alreadyTold = existing.body.includes(marker);
  let assigned: string[] = [];
  let unassigned: string[] | null = null;
  if (existing.assignees.length === 0) {
    const members = await escalationAssignees(github, coordinates.owner, input.teams);
    if (await assignEscalationIssue(github, coordinates, existing.number, members)) assigned = members;
    else if (members.length > 0) unassigned = members;
  }
  const reopened = existing.state === "closed";
  await updateEscalationIssue(github, coordinates, existing.number, { title, body: renderEscalationIssue({ ...facts, markers, unassigned }), reopen: reopened });
  if (!existing.labels.includes(label)) await addLabels(github, coordinates, existing.number, [label]);
  const commented = alreadyTold
    ? false
    : await commentOnce(github, coordinates, { issueNumber: existing.number, marker, body: renderSlaComment({ ...facts, marker, on: "issue" }) });
  return {
    issue: existing,
    created: false,
    recovered: known !== existing.number,
    events: [{ action: "sla.escalation_updated", details: { issue: existing.number, reopened, label, commented, assigned, ...(unassigned && { refused: unassigned }) } }],
  };
}
