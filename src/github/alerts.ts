import type { AlertSource } from "../domain/finding.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/**
 * The alert as GitHub has it now. The code-scanning webhook lacks `security_severity_level`,
 * and events arrive late or out of order, so every decision starts from this read.
 */
export async function getAlert(github: GitHubClient, source: AlertSource, repo: RepoCoordinates, alertNumber: number): Promise<unknown> {
  if (source === "code_scanning") {
    const { data } = await github.rest.codeScanning.getAlert({ ...repo, alert_number: alertNumber });
    return data;
  }
  const { data } = await github.rest.dependabot.getAlert({ ...repo, alert_number: alertNumber });
  return data;
}

/** Every open alert of one source, all pages (code scanning pages by number, Dependabot by cursor). */
export async function listOpenAlerts(github: GitHubClient, source: AlertSource, repo: RepoCoordinates): Promise<unknown[]> {
  if (source === "code_scanning") {
    return github.paginate(github.rest.codeScanning.listAlertsForRepo, { ...repo, state: "open", per_page: 100 });
  }
  return github.paginate(github.rest.dependabot.listAlertsForRepo, { ...repo, state: "open", per_page: 100 });
}

/** How many fixed alerts per source the baseline reads: enough for a median, bounded for a big repository. */
export const FIXED_ALERTS_CAP = 500;

/**
 * The newest fixed alerts of one source, up to `cap`: the repository's history of fixing by hand.
 * Both lists default to newest first (sorted by creation, descending), so stopping early keeps the recent past.
 */
export async function listFixedAlerts(github: GitHubClient, source: AlertSource, repo: RepoCoordinates, cap = FIXED_ALERTS_CAP): Promise<unknown[]> {
  let taken = 0;
  const stopAtCap = (response: { data: unknown[] }, done: () => void): unknown[] => {
    taken += response.data.length;
    if (taken >= cap) done();
    return response.data;
  };
  const alerts =
    source === "code_scanning"
      ? await github.paginate(github.rest.codeScanning.listAlertsForRepo, { ...repo, state: "fixed", per_page: 100 }, stopAtCap)
      : await github.paginate(github.rest.dependabot.listAlertsForRepo, { ...repo, state: "fixed", per_page: 100 }, stopAtCap);
  return alerts.slice(0, cap);
}
