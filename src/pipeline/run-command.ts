import { appendAuditEvent } from "../audit/append-audit-event.js";
import { commandAuthority, describeAuthority, type CommandAuthority } from "../commands/command-authority.js";
import { OUTCOME_REACTION, type CommandOutcome } from "../commands/command-outcome.js";
import { commandKey, parseCommand, type SlashCommand } from "../commands/parse-command.js";
import { commandReplyMarker, renderCommandReply } from "../commands/render-command-reply.js";
import { renderCommandHelp } from "../commands/render-command-help.js";
import { renderFixExplanation } from "../commands/render-fix-explanation.js";
import { renderFixStatus } from "../commands/render-fix-status.js";
import type { SecfixConfig } from "../config/config.schema.js";
import type { JobLease } from "../domain/job.js";
import { codeSpan } from "../domain/markdown.js";
import { PermanentJobError } from "../jobs/job-errors.js";
import { asJobError } from "./as-job-error.js";
import { addCommentReaction } from "../github/add-comment-reaction.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { isTeamMember, permissionLevel } from "../github/reviewer-authority.js";
import { approveFix } from "./command-approve.js";
import type { CommandContext } from "./command-context.js";
import { dismissFindings } from "./command-dismiss.js";
import { retryFix } from "./command-retry.js";
import { rollbackFix } from "./command-rollback.js";
import { resolveCommandTarget, targetSubject, type CommandTarget } from "./command-target.js";
import { splitFullName, type RunCommandPayload } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { resolveRepoConfig } from "./resolve-repo-config.js";

/** Commands that change something: done once per head, a repeat points at the first. */
const CHANGING = new Set<SlashCommand["name"]>(["retry", "approve", "dismiss", "rollback"]);

function requiredConfig(name: SlashCommand["name"]): boolean {
  return name !== "help" && name !== "status" && name !== "explain";
}

async function authorised(github: GitHubClient, coordinates: RepoCoordinates, authority: CommandAuthority, login: string): Promise<boolean> {
  if (authority.kind === "anyone") return true;
  if (authority.kind === "teams" && authority.teams.length > 0) {
    for (const team of authority.teams) if (await isTeamMember(github, coordinates.owner, team, login)) return true;
    return false;
  }
  const level = await permissionLevel(github, coordinates, login);
  const needed = authority.kind === "teams" ? authority.fallback : "write";
  return level === "admin" || (needed === "write" && level === "write");
}

/**
 * Runs one `/secfix` comment: acknowledge it at once (👀), find what it is about, check who
 * asked through GitHub's API, do it once per head, and always end with a reply that says what
 * happened, or why not and who may.
 */
export async function runCommand(deps: PipelineDeps, payload: RunCommandPayload, job: { lease: JobLease; attempts: number; maxAttempts: number }): Promise<void> {
  const { store, clock } = deps;
  const now = () => clock().toISOString();
  const github = await deps.github(payload.installationId);
  const coordinates = splitFullName(payload.repository.fullName);
  const repository = { ...payload.repository, defaultBranch: payload.repository.defaultBranch ?? "" };
  const { comment } = payload;

  if (job.attempts > 1) {
    // A run that crashed after replying must not reply twice.
    const replies = await github.paginate(github.rest.issues.listComments, { ...coordinates, issue_number: payload.issueNumber, since: comment.createdAt, per_page: 100 });
    if (replies.some((reply) => reply.body?.startsWith(commandReplyMarker(comment.id)) && reply.user?.type === "Bot")) return;
  }
  await addCommentReaction(github, coordinates, comment.id, "eyes");

  const audit = async (subject: string, action: string, details: Record<string, unknown>) =>
    store.transaction(
      (tx) => appendAuditEvent(tx, { actor: { type: "user", login: comment.author }, installationId: payload.installationId, repository: repository.fullName, subject, action, details }, now()),
      { lease: job.lease },
    );
  const finish = async (line: string | null, outcome: CommandOutcome, subject: string, details: Record<string, unknown>) => {
    const body = renderCommandReply({ commentId: comment.id, commentUrl: comment.url, author: comment.author, line, outcome });
    const { data: reply } = await github.rest.issues.createComment({ ...coordinates, issue_number: payload.issueNumber, body });
    await addCommentReaction(github, coordinates, comment.id, OUTCOME_REACTION[outcome.status]);
    await audit(subject, `command.${outcome.status}`, { ...details, comment: comment.id, reply: reply.id, summary: outcome.summary });
  };
  const issueSubject = `issue:${repository.id}#${payload.issueNumber}`;
  // How far the run got, so a failure is told with what is known by then.
  const progress: { line: string | null; subject: string; details: Record<string, unknown> } = { line: null, subject: issueSubject, details: {} };
  try {
    await respond();
  } catch (error) {
    // Retry what may pass on a later try; otherwise, or on the last try, tell the commenter and
    // release any claim (a `command.failed` does), so asking again is possible.
    const settled = asJobError(error, "/secfix command", clock());
    if (!(settled instanceof PermanentJobError) && job.attempts < job.maxAttempts) throw settled;
    const message = settled instanceof Error ? settled.message : String(settled);
    await finish(
      progress.line,
      { status: "failed", summary: "secfix could not finish this command.", details: `The error: ${codeSpan(message.slice(0, 300))}. Ask again once it is fixed; the audit log has the details.` },
      progress.subject,
      { ...progress.details, error: message },
    );
  }

  async function respond(): Promise<void> {
    if (payload.parsed.kind === "invalid") {
      await finish(null, { status: "invalid", summary: payload.parsed.problem, details: "Comment `/secfix help` for the commands and who may run them." }, issueSubject, {});
      return;
    }
    const parsed = parseCommand(payload.parsed.line);
    if (parsed.kind !== "command") {
      await finish(null, { status: "invalid", summary: parsed.kind === "invalid" ? parsed.problem : "No command found." }, issueSubject, {});
      return;
    }
    const { command, line } = parsed;
    const key = commandKey(command);
    progress.line = line;
    progress.details = { command: key };

    const config: SecfixConfig | null = await resolveRepoConfig({ store, github, installationId: payload.installationId, repository, lease: job.lease, now });
    if (command.name === "help") {
      const security = config?.approvers.security ?? [];
      const approverTeams = config ? [...new Set([...config.approvers.customer_facing, ...config.approvers.new_patterns, ...config.approvers.high_risk])] : [];
      await finish(line, { status: "done", summary: "The commands secfix takes here:", details: renderCommandHelp({ securityTeams: security, approverTeams }) }, issueSubject, { command: key });
      return;
    }

    const identity = await deps.appIdentity();
    const target = await resolveCommandTarget({ store, github, coordinates, repositoryId: repository.id, repository: repository.fullName, issueNumber: payload.issueNumber, isPull: payload.isPull, identity });
    if (!target) {
      const what = payload.isPull ? "pull request" : "issue";
      await finish(line, { status: "refused", summary: `This ${what} is not one secfix opened. \`/secfix\` commands work on secfix's fix pull requests and its SLA escalation issues.` }, issueSubject, { command: key });
      return;
    }
    const subject = targetSubject(target);
    progress.subject = subject;
    if (!config && requiredConfig(command.name)) {
      await finish(line, { status: "refused", summary: "This repository's `.github/secfix.yml` is invalid (the secfix check run says where); secfix takes this command once it is fixed." }, subject, { command: key });
      return;
    }

    // Approve's authority depends on what the fix needs; the approve effect checks it in full.
    const authority = commandAuthority(command, config?.approvers.security ?? []);
    if (command.name !== "approve" && !(await authorised(github, coordinates, authority, comment.author))) {
      await finish(line, { status: "refused", summary: `Only ${describeAuthority(authority)} may run \`/secfix ${command.name}\`; @${comment.author} may not.` }, subject, { command: key });
      return;
    }

    const sha = headOf(target);
    progress.details = { command: key, sha };
    if (CHANGING.has(command.name)) {
      // Approvals by different people are different things (a fix may need two teams); other commands are one per head.
      const claimKey = command.name === "approve" ? `${key} by ${comment.author.toLowerCase()}` : key;
      const earlier = await claimCommand(deps, job.lease, { subject, key: claimKey, sha, comment, actor: comment.author, installationId: payload.installationId, repository: repository.fullName, now: now() });
      if (earlier) {
        const where = /^[0-9a-f]{40}$/.test(sha) ? `head \`${sha.slice(0, 12)}\`` : "this fix as it stands";
        await finish(line, { status: "already_done", summary: `\`/secfix ${key}\` was already run for ${where}: see [that comment](${earlier}).` }, subject, { command: key, sha });
        return;
      }
    }

    const context: CommandContext = {
      deps,
      github,
      coordinates,
      installationId: payload.installationId,
      repository,
      config: config!,
      identity,
      target,
      author: comment.author,
      comment: { id: comment.id, url: comment.url, createdAt: comment.createdAt },
      lease: job.lease,
      now,
      record: (write, events) =>
        store.transaction(
          async (tx) => {
            await write(tx);
            for (const event of events) {
              await appendAuditEvent(tx, { actor: { type: "user", login: comment.author }, installationId: payload.installationId, repository: repository.fullName, subject, ...event }, now());
            }
          },
          { lease: job.lease },
        ),
    };
    await finish(line, await execute(context, command), subject, { command: key, sha });
  }
}

/**
 * What "the same command again" is measured against: the PR's head, or on an issue the fix's
 * head, else the point the fix or the alert last changed (a retry that moved things on may be asked again).
 */
function headOf(target: CommandTarget): string {
  if (target.kind === "fix_pull") return target.pull.headSha;
  const attempt = target.attempt;
  if (attempt?.pullRequest?.state === "open") return attempt.pullRequest.headSha;
  return attempt ? `fix@${attempt.updatedAt}` : `alert@${target.finding.alert.updatedAt}`;
}

async function execute(context: CommandContext, command: SlashCommand): Promise<CommandOutcome> {
  const { target } = context;
  switch (command.name) {
    case "retry":
      return retryFix(context, command);
    case "approve":
      return approveFix(context, command);
    case "dismiss":
      return dismissFindings(context, command);
    case "rollback":
      return rollbackFix(context);
    case "status": {
      const subjects = [...(target.attempt ? [`fix:${target.attempt.id}`] : []), ...target.findings.map((finding) => `finding:${finding.id}`)];
      const events = await context.deps.store.read((reader) => reader.listAuditEvents({ subjects }));
      return { status: "done", summary: "Where this fix stands:", details: renderFixStatus({ attempt: target.attempt, findings: target.findings, events, now: context.now() }) };
    }
    case "explain":
      return {
        status: "done",
        summary: "What secfix found, what it planned, and the evidence so far:",
        details: renderFixExplanation({ attempt: target.attempt, findings: target.findings, headSha: target.kind === "fix_pull" ? target.pull.headSha : null, now: context.now() }),
      };
    case "help":
      return { status: "done", summary: "" };
  }
}

/**
 * Claims a changing command for a subject and head in one transaction: the first comment wins,
 * and a later one (or a second replica racing) learns where the first was. A retried run of the
 * same comment finds its own claim and carries on.
 */
async function claimCommand(
  deps: PipelineDeps,
  lease: JobLease,
  input: { subject: string; key: string; sha: string; comment: { id: number; url: string }; actor: string; installationId: number; repository: string; now: string },
): Promise<string | null> {
  return deps.store.transaction(
    async (tx) => {
      const events = await tx.listAuditEvents({ subjects: [input.subject] });
      // A claim whose command was refused or failed does not count: asking again is the way out.
      const ended = new Map(events.filter((event) => event.action === "command.refused" || event.action === "command.failed").map((event) => [event.details.comment, event.action]));
      const claim = events.find(
        (event) => event.action === "command.accepted" && event.details.key === input.key && event.details.sha === input.sha && !ended.has(event.details.comment),
      );
      if (claim) return claim.details.comment === input.comment.id ? null : String(claim.details.commentUrl);
      await appendAuditEvent(
        tx,
        {
          actor: { type: "user", login: input.actor },
          installationId: input.installationId,
          repository: input.repository,
          subject: input.subject,
          action: "command.accepted",
          details: { key: input.key, sha: input.sha, comment: input.comment.id, commentUrl: input.comment.url },
        },
        input.now,
      );
      return null;
    },
    { lease },
  );
}
