import type { Finding } from "../domain/finding.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { isAppAuthor, type AppIdentity } from "../github/app-identity.js";
import { getPullDetails, type PullDetails } from "../github/get-pull-details.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import type { Store } from "../store/store.js";

/** What a command acts on: one of secfix's own fix PRs, or an escalation issue secfix opened. */
export type CommandTarget =
  | { kind: "fix_pull"; attempt: FixAttempt; pull: PullDetails; findings: Finding[] }
  | { kind: "escalation_issue"; issueNumber: number; finding: Finding; attempt: FixAttempt | null; findings: Finding[] };

/** The audit subject a command's events go under: the fix's trail, or the finding's when there is no fix. */
export function targetSubject(target: CommandTarget): string {
  if (target.kind === "fix_pull" || target.attempt) return `fix:${target.attempt!.id}`;
  return `finding:${target.finding.id}`;
}

/**
 * Finds what a comment's issue or PR is to secfix. A PR counts only when secfix recorded it as
 * its own fix and GitHub says the app opened it: a branch name or title proves nothing.
 */
export async function resolveCommandTarget(input: {
  store: Store;
  github: GitHubClient;
  coordinates: RepoCoordinates;
  repositoryId: number;
  repository: string;
  issueNumber: number;
  isPull: boolean;
  identity: AppIdentity;
}): Promise<CommandTarget | null> {
  const { store, repositoryId, issueNumber } = input;
  const attempts = await store.read((reader) => reader.listFixAttempts({ repositoryId }));
  const findingsOf = async (ids: readonly string[]) => {
    const all = await store.read((reader) => reader.listFindings({ repository: input.repository }));
    return all.filter((finding) => ids.includes(finding.id));
  };
  if (input.isPull) {
    const attempt = attempts.find((candidate) => candidate.pullRequest?.number === issueNumber && candidate.pullRequest.adoptedFrom === null);
    if (!attempt) return null;
    const pull = await getPullDetails(input.github, input.coordinates, issueNumber);
    if (!isAppAuthor(input.identity, { login: pull.authorLogin, type: pull.authorType })) return null;
    return { kind: "fix_pull", attempt, pull, findings: await findingsOf(attempt.findingIds) };
  }
  const findings = await store.read((reader) => reader.listFindings({ repository: input.repository }));
  const finding = findings.find((candidate) => candidate.sla?.escalation?.issueNumber === issueNumber);
  if (!finding) return null;
  // The issue is about one finding: commands act on it alone, through the fix that carries it (its open PR first).
  const mine = attempts.filter((candidate) => candidate.findingIds.includes(finding.id)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const attempt = mine.find((candidate) => candidate.pullRequest?.state === "open") ?? mine[0] ?? null;
  return { kind: "escalation_issue", issueNumber, finding, attempt, findings: [finding] };
}
