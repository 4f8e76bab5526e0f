import type { AlertSource } from "../domain/finding.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/**
 * Dismisses an alert on GitHub with a reason in that source's own vocabulary (code scanning:
 * `false positive`, `won't fix`, `used in tests`; Dependabot: `inaccurate`, `tolerable_risk`, ...).
 * GitHub caps the comment at 280 characters; the caller keeps the full text in the audit log.
 */
export async function dismissAlert(
  github: GitHubClient,
  repo: RepoCoordinates,
  alert: { source: AlertSource; alertNumber: number },
  dismissal: { reason: string; comment: string },
): Promise<void> {
  const dismissed_comment = dismissal.comment.slice(0, 280);
  if (alert.source === "code_scanning") {
    await github.rest.codeScanning.updateAlert({
      ...repo,
      alert_number: alert.alertNumber,
      state: "dismissed",
      dismissed_reason: dismissal.reason as "false positive" | "won't fix" | "used in tests",
      dismissed_comment,
    });
    return;
  }
  await github.rest.dependabot.updateAlert({
    ...repo,
    alert_number: alert.alertNumber,
    state: "dismissed",
    dismissed_reason: dismissal.reason as "fix_started" | "inaccurate" | "no_bandwidth" | "not_used" | "tolerable_risk",
    dismissed_comment,
  });
}
