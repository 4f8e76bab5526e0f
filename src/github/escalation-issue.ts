import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { requestErrorStatus } from "./request-error-details.js";

export interface EscalationIssue {
  number: number;
  url: string;
  state: "open" | "closed";
  body: string;
  assignees: string[];
  labels: string[];
}

interface IssueData {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  assignees?: ({ login: string } | null)[] | null;
  labels?: (string | { name?: string })[];
  user?: { login: string; type: string } | null;
  pull_request?: unknown;
}

function issueOf(data: IssueData): EscalationIssue {
  return {
    number: data.number,
    url: data.html_url,
    state: data.state === "open" ? "open" : "closed",
    body: data.body ?? "",
    assignees: (data.assignees ?? []).flatMap((user) => (user ? [user.login] : [])),
    labels: (data.labels ?? []).flatMap((label) => (typeof label === "string" ? [label] : label.name ? [label.name] : [])),
  };
}

/** The hidden line that ties an issue to its finding, for finding the issue again. */
export function escalationMarker(findingId: string): string {
  return `<!-- secfix:sla-escalation:${findingId} -->`;
}

/** The issue as it stands; null when it was deleted (410) or moved away (404). */
export async function getEscalationIssue(github: GitHubClient, repo: RepoCoordinates, issueNumber: number): Promise<EscalationIssue | null> {
  try {
    const { data } = await github.rest.issues.get({ ...repo, issue_number: issueNumber });
    return issueOf(data);
  } catch (error) {
    const status = requestErrorStatus(error);
    if (status === 404 || status === 410) return null;
    throw error;
  }
}

/**
 * The finding's escalation issue: the recorded one when it still exists, else an open issue
 * secfix opened that carries the finding's marker (one created by a run that stopped before it
 * could record the number). Null when there is none.
 */
export async function findEscalationIssue(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { issueNumber: number | null; findingId: string; botLogin: string },
): Promise<EscalationIssue | null> {
  if (input.issueNumber !== null) {
    const known = await getEscalationIssue(github, repo, input.issueNumber);
    if (known) return known;
  }
  const marker = escalationMarker(input.findingId);
  const issues = await github.paginate(github.rest.issues.listForRepo, { ...repo, creator: input.botLogin, state: "open", per_page: 100 });
  const found = issues.find((issue) => !issue.pull_request && issue.user?.type === "Bot" && (issue.body ?? "").includes(marker));
  return found ? issueOf(found) : null;
}

/**
 * Opens the escalation issue assigned to `assignees`. GitHub refuses the whole issue (422) when
 * one of them cannot be assigned; the issue then opens unassigned and its body says so.
 */
export async function createEscalationIssue(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { title: string; labels: string[]; assignees: string[]; body: (assigned: boolean) => string },
): Promise<{ issue: EscalationIssue; assigned: boolean }> {
  if (input.assignees.length > 0) {
    try {
      const { data } = await github.rest.issues.create({ ...repo, title: input.title, body: input.body(true), labels: input.labels, assignees: input.assignees });
      return { issue: issueOf(data), assigned: true };
    } catch (error) {
      if (requestErrorStatus(error) !== 422) throw error;
    }
  }
  const { data } = await github.rest.issues.create({ ...repo, title: input.title, body: input.body(false), labels: input.labels });
  return { issue: issueOf(data), assigned: false };
}

/** Rewrites the issue's title and body, reopening it when it was closed. */
export async function updateEscalationIssue(
  github: GitHubClient,
  repo: RepoCoordinates,
  issueNumber: number,
  input: { title: string; body: string; reopen: boolean },
): Promise<void> {
  await github.rest.issues.update({ ...repo, issue_number: issueNumber, title: input.title, body: input.body, ...(input.reopen && { state: "open" as const }) });
}

/** Assigns people to an issue that has nobody; a refusal (422) leaves it as it was. */
export async function assignEscalationIssue(github: GitHubClient, repo: RepoCoordinates, issueNumber: number, assignees: string[]): Promise<boolean> {
  if (assignees.length === 0) return false;
  try {
    await github.rest.issues.addAssignees({ ...repo, issue_number: issueNumber, assignees });
    return true;
  } catch (error) {
    if (requestErrorStatus(error) !== 422) throw error;
    return false;
  }
}

export async function closeEscalationIssue(github: GitHubClient, repo: RepoCoordinates, issueNumber: number): Promise<void> {
  await github.rest.issues.update({ ...repo, issue_number: issueNumber, state: "closed", state_reason: "completed" });
}
