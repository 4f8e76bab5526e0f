import type { Probot } from "probot";
import { CONFIG_PATH } from "./config/config.schema.js";
import type { AlertSource, RepositoryRef } from "./domain/finding.js";
import { configPushJobs } from "./pipeline/config-push-jobs.js";
import { gateJobsForCommit } from "./pipeline/gate-jobs-for-commit.js";
import { parseCommand } from "./commands/parse-command.js";
import { backfillRepositoryJob, fixClosedJob, gateFixJob, runCommandJob, type RepositoryStub } from "./pipeline/job-payloads.js";
import { recordAlertEvent } from "./pipeline/record-alert-event.js";
import { recordDelivery } from "./pipeline/record-delivery.js";
import type { Store } from "./store/store.js";

export interface AppDeps {
  store: Store;
  clock: () => Date;
  /** secfix's own GitHub App id: its own check runs are verdicts, not CI, and wake nothing. */
  appId: number | null;
}

/** The actions secfix tracks; others (new ones GitHub adds later included) are acknowledged and ignored. */
export const ALERT_ACTIONS: Record<AlertSource, ReadonlySet<string>> = {
  code_scanning: new Set(["created", "reopened", "reopened_by_user", "appeared_in_branch", "fixed", "closed_by_user", "updated_assignment"]),
  dependabot: new Set(["created", "reopened", "reintroduced", "auto_reopened", "fixed", "dismissed", "auto_dismissed", "assignees_changed"]),
};

const EVENT_SOURCE = { code_scanning_alert: "code_scanning", dependabot_alert: "dependabot" } as const;

interface RepositoryPayload {
  id: number;
  full_name: string;
  default_branch?: string;
}

function repositoryRef(repository: RepositoryPayload): RepositoryRef {
  return { id: repository.id, fullName: repository.full_name, defaultBranch: repository.default_branch ?? "main" };
}

function stub(repository: { id: number; full_name: string }): RepositoryStub {
  return { id: repository.id, fullName: repository.full_name, defaultBranch: null };
}

/** Files a push touched, from the commit list GitHub includes (up to 2,048 commits). */
function touchedFiles(commits: ReadonlyArray<{ added?: string[]; modified?: string[]; removed?: string[] }>): Set<string> {
  const files = new Set<string>();
  for (const commit of commits) for (const file of [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]) files.add(file);
  return files;
}

/**
 * Maps webhook events to the pipeline. Every handler does one transaction (record the delivery,
 * queue jobs) and returns, so GitHub gets its answer in milliseconds; the work runs in jobs.
 */
export function createApp({ store, clock, appId }: AppDeps) {
  return (app: Probot): void => {
    app.on(["code_scanning_alert", "dependabot_alert"], async (context) => {
      const source: AlertSource = EVENT_SOURCE[context.name];
      const { action, alert, repository, sender } = context.payload;
      const installationId = context.payload.installation?.id;
      if (!ALERT_ACTIONS[source].has(action)) {
        context.log.debug({ event: context.name, action }, "alert action ignored");
        return;
      }
      if (!installationId) {
        context.log.warn({ event: context.name, action }, "alert event without an installation ignored");
        return;
      }
      const outcome = await recordAlertEvent(
        store,
        {
          deliveryId: context.id,
          event: context.name,
          action,
          source,
          installationId,
          repository: repositoryRef(repository),
          sender: sender?.login ?? "github",
          alert,
        },
        clock().toISOString(),
      );
      context.log.info({ event: context.name, action, repository: repository.full_name, outcome }, "alert event recorded");
    });

    app.on(["installation.created", "installation_repositories.added"], async (context) => {
      const payload = context.payload;
      const repositories = "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
      const installationId = payload.installation.id;
      const receivedAt = clock().toISOString();
      const fresh = await recordDelivery(
        store,
        { id: context.id, event: context.name, action: payload.action, installationId, repository: null, receivedAt },
        repositories.map((repository) => backfillRepositoryJob(installationId, stub(repository))),
        {
          actor: { type: "github", login: payload.sender.login },
          installationId,
          repository: null,
          subject: `installation:${installationId}`,
          action: "installation.repositories_added",
          details: { repositories: repositories.map((repository) => repository.full_name) },
        },
      );
      context.log.info({ installationId, repositories: repositories.length, fresh }, "backfill queued");
    });

    app.on("push", async (context) => {
      const { ref, repository, commits, installation } = context.payload;
      if (!installation || ref !== `refs/heads/${repository.default_branch}`) return;
      if (!touchedFiles(commits).has(CONFIG_PATH)) return;
      const jobs = await configPushJobs(store, installation.id, repositoryRef(repository));
      const receivedAt = clock().toISOString();
      await recordDelivery(
        store,
        { id: context.id, event: "push", action: null, installationId: installation.id, repository: repository.full_name, receivedAt },
        jobs,
        null,
      );
    });

    // Reviews of, and pushes to, secfix's fix PRs: the gate pass decides what they change.
    app.on(["pull_request_review.submitted", "pull_request_review.dismissed", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
      const { pull_request: pull, repository, installation } = context.payload;
      if (!installation || !pull.head.ref.startsWith("secfix/")) return;
      const receivedAt = clock().toISOString();
      await recordDelivery(
        store,
        { id: context.id, event: context.name, action: context.payload.action, installationId: installation.id, repository: repository.full_name, receivedAt },
        [gateFixJob(installation.id, repositoryRef(repository), pull.number, receivedAt)],
        null,
      );
    });

    // CI on a fix PR's head: checks and statuses from every app but secfix itself.
    app.on(["check_run.completed", "check_suite.completed", "status"], async (context) => {
      const payload = context.payload;
      const installationId = payload.installation?.id;
      if (!installationId) return;
      let sha: string;
      let pullNumbers: number[] = [];
      if ("check_run" in payload) {
        if (appId !== null && payload.check_run.app?.id === appId) return;
        sha = payload.check_run.head_sha;
        pullNumbers = payload.check_run.pull_requests.map((pull) => pull.number);
      } else if ("check_suite" in payload) {
        if (appId !== null && payload.check_suite.app?.id === appId) return;
        sha = payload.check_suite.head_sha;
        pullNumbers = payload.check_suite.pull_requests.map((pull) => pull.number);
      } else {
        sha = payload.sha;
      }
      const receivedAt = clock().toISOString();
      const repository = repositoryRef(payload.repository);
      const jobs = await gateJobsForCommit(store, { installationId, repository, sha, pullNumbers, now: receivedAt });
      if (jobs.length === 0) return;
      await recordDelivery(store, { id: context.id, event: context.name, action: "action" in payload ? (payload.action ?? null) : null, installationId, repository: repository.fullName, receivedAt }, jobs, null);
    });

    // `/secfix` commands. Only a new comment acts: an edited or deleted one never does (an old
    // comment edited to say `/secfix approve` must not approve today's head), and no bot commands secfix.
    app.on("issue_comment.created", async (context) => {
      const { comment, issue, repository, installation } = context.payload;
      if (!installation || !comment.user || comment.user.type === "Bot" || comment.performed_via_github_app) return;
      const parsed = parseCommand(comment.body ?? "");
      if (parsed.kind === "none") return;
      const receivedAt = clock().toISOString();
      const job = runCommandJob({
        installationId: installation.id,
        repository: repositoryRef(repository),
        issueNumber: issue.number,
        isPull: Boolean(issue.pull_request),
        comment: { id: comment.id, url: comment.html_url, createdAt: comment.created_at, author: comment.user.login },
        parsed: parsed.kind === "command" ? { kind: "command", line: parsed.line } : { kind: "invalid", problem: parsed.problem },
      });
      await recordDelivery(
        store,
        { id: context.id, event: context.name, action: "created", installationId: installation.id, repository: repository.full_name, receivedAt },
        [job],
        null,
      );
    });

    app.on("pull_request.closed", async (context) => {
      const { pull_request: pull, repository, installation } = context.payload;
      if (!installation || !/^(secfix|dependabot)\//.test(pull.head.ref)) return;
      await recordDelivery(
        store,
        { id: context.id, event: context.name, action: "closed", installationId: installation.id, repository: repository.full_name, receivedAt: clock().toISOString() },
        [fixClosedJob(installation.id, repositoryRef(repository), pull.number, Boolean(pull.merged), pull.merged_by?.login ?? null)],
        null,
      );
    });

    app.on(["installation.deleted", "installation.suspend", "installation_repositories.removed"], async (context) => {
      const payload = context.payload;
      const installationId = payload.installation.id;
      const repositories = "repositories_removed" in payload ? payload.repositories_removed : [];
      // Findings stay as the record of what was open; jobs for these repositories fail on their
      // own (GitHub refuses the token) and are parked with that reason.
      await recordDelivery(
        store,
        { id: context.id, event: context.name, action: payload.action, installationId, repository: null, receivedAt: clock().toISOString() },
        [],
        {
          actor: { type: "github", login: payload.sender.login },
          installationId,
          repository: null,
          subject: `installation:${installationId}`,
          action: `installation.${payload.action === "removed" ? "repositories_removed" : payload.action}`,
          details: { repositories: repositories.map((repository) => repository.full_name) },
        },
      );
    });
  };
}
