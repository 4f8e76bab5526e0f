import { classifyGitHubError } from "./classify-github-error.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface CodeScanningAnalysis {
  commitSha: string;
  createdAt: string;
  tool: string;
}

export type LatestAnalysisResult =
  | { status: "ok"; analysis: CodeScanningAnalysis | null }
  | { status: "unavailable"; reason: string };

export interface OpenCodeScanningAlert {
  number: number;
  ruleId: string;
  path: string | null;
  line: number | null;
  severity: string | null;
}

/** A PR ref gets a few analyses per push (one per language/category); ten pages is far back. */
const MAX_ANALYSIS_PAGES = 10;

/** GitHub's 404 body when nothing has been analysed on the ref (yet), as opposed to a missing repo. */
const NO_ANALYSIS = /no analysis found/i;

/**
 * The refs code scanning files a pull request's results under: the merge commit (what
 * `on: pull_request` workflows check out) first, then the head (workflows that check out the head).
 */
export function pullRequestRefs(pullNumber: number): string[] {
  return [`refs/pull/${pullNumber}/merge`, `refs/pull/${pullNumber}/head`];
}

/**
 * The newest successful code scanning analysis of `ref` at commit `sha`, or null when that commit
 * has not been analysed (yet). The API cannot filter by commit, so analyses are read newest first
 * until one matches. For `refs/pull/<n>/merge` the analysed commit is the test merge commit (the
 * pull's `merge_commit_sha` at scan time), not the head. Analyses whose upload failed (`error`)
 * are skipped: they did not update any alert.
 */
export async function latestAnalysis(
  github: GitHubClient,
  repo: RepoCoordinates,
  ref: string,
  sha: string,
): Promise<LatestAnalysisResult> {
  try {
    let pages = 0;
    for await (const { data } of github.paginate.iterator(github.rest.codeScanning.listRecentAnalyses, {
      ...repo,
      ref,
      per_page: 100,
    })) {
      const match = data.find((analysis) => analysis.commit_sha === sha && !analysis.error);
      if (match) {
        return {
          status: "ok",
          analysis: { commitSha: match.commit_sha, createdAt: match.created_at, tool: match.tool.name ?? "unknown tool" },
        };
      }
      if (++pages >= MAX_ANALYSIS_PAGES) break;
    }
    return { status: "ok", analysis: null };
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    const message = error instanceof Error ? error.message : String(error);
    if (status === 404 && NO_ANALYSIS.test(message)) return { status: "ok", analysis: null };
    if (status === 404) {
      return { status: "unavailable", reason: `code scanning analyses of ${ref} could not be found (404: ${message})` };
    }
    if (status === 403 && classifyGitHubError(error, new Date()).kind === "forbidden") {
      return {
        status: "unavailable",
        reason: `code scanning is not enabled or the app may not read it (403: ${message})`,
      };
    }
    throw error;
  }
}

/**
 * Open code scanning alerts on `ref` (the default branch when null), every page. Severity is the
 * security severity when the rule has one (CodeQL security queries), else the tool's severity.
 * Errors (code scanning off, no permission) are thrown: ask {@link latestAnalysis} first.
 */
export async function openAlertsForRef(
  github: GitHubClient,
  repo: RepoCoordinates,
  ref: string | null,
): Promise<OpenCodeScanningAlert[]> {
  const alerts = await github.paginate(github.rest.codeScanning.listAlertsForRepo, {
    ...repo,
    state: "open",
    per_page: 100,
    ...(ref === null ? {} : { ref }),
  });
  return alerts.map((alert) => {
    const location = alert.most_recent_instance?.location;
    return {
      number: alert.number,
      ruleId: alert.rule.id ?? alert.rule.name ?? "unknown rule",
      path: location?.path ?? null,
      line: location?.start_line ?? null,
      severity: alert.rule.security_severity_level ?? alert.rule.severity ?? null,
    };
  });
}
