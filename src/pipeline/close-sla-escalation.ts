import { renderSlaResolvedComment } from "../audit/render-sla-comments.js";
import { SLA_LABELS } from "../audit/render-sla-escalation.js";
import type { JobLease } from "../domain/job.js";
import { commentOnce } from "../github/comment-once.js";
import { closeEscalationIssue, getEscalationIssue } from "../github/escalation-issue.js";
import { removeLabel } from "../github/remove-label.js";
import type { SlaCheckPayload } from "./job-payloads.js";
import { splitFullName } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { recordSla } from "./record-sla.js";

/**
 * The alert was fixed or dismissed on GitHub: the escalation issue closes with the time to
 * resolution and whether the SLA held, and `sla:at-risk` comes off the fix PRs. Nothing happens
 * when the alert opened again before this ran (its clock runs again).
 */
export async function closeSlaEscalation(deps: PipelineDeps, payload: Extract<SlaCheckPayload, { stage: "resolved" }>, lease: JobLease): Promise<void> {
  const { store, clock } = deps;
  const finding = await store.read((reader) => reader.getFinding(payload.findingId));
  if (!finding || finding.alert.state === "open" || !finding.sla) return;
  const { sla } = finding;
  if (!sla.escalation && sla.atRiskPulls.length === 0) return;

  const github = await deps.github(finding.installationId);
  const coordinates = splitFullName(finding.repository.fullName);
  const dueAt = finding.triage?.slaDueAt ?? null;
  let closed: number | null = null;
  if (sla.escalation) {
    const issue = await getEscalationIssue(github, coordinates, sla.escalation.issueNumber);
    if (issue?.state === "open") {
      const marker = `<!-- secfix:sla-resolved:${finding.id}:${payload.resolvedAt} -->`;
      await commentOnce(github, coordinates, { issueNumber: issue.number, marker, body: renderSlaResolvedComment({ finding, dueAt, marker }) });
      await closeEscalationIssue(github, coordinates, issue.number);
      closed = issue.number;
    }
  }
  const unlabelled = [...sla.atRiskPulls];
  for (const pull of unlabelled) await removeLabel(github, coordinates, pull, SLA_LABELS.atRisk);
  if (closed === null && unlabelled.length === 0) return;

  const resolvedAt = finding.resolvedAt ?? payload.resolvedAt;
  await recordSla(store, {
    finding,
    lease,
    now: clock().toISOString(),
    change: (current) => ({ ...current, atRiskPulls: current.atRiskPulls.filter((pull) => !unlabelled.includes(pull)) }),
    events: [
      {
        action: "sla.resolved",
        details: {
          state: finding.alert.state,
          dueAt,
          timeToResolutionMs: finding.timeToResolutionMs,
          met: dueAt === null ? null : Date.parse(resolvedAt) <= Date.parse(dueAt),
          closedIssue: closed,
          unlabelledPulls: unlabelled,
        },
      },
    ],
  });
}
