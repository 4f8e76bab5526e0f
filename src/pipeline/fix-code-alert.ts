import { changedLineAnnotations, codeFixBody, codeFixTitle } from "../audit/render-code-fix.js";
import type { SecfixConfig } from "../config/config.schema.js";
import type { CodeAlert } from "../domain/code-fix.js";
import type { FileChange, RepoFiles } from "../domain/dependency-fix.js";
import type { RepositoryRef } from "../domain/finding.js";
import { fixAttemptId, newFixAttempt, TERMINAL_STATES, type FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { runLocalChecks } from "../gates/run-local-checks.js";
import { RetryLaterError } from "../jobs/job-errors.js";
import { getBranchTip } from "../github/get-branch-tip.js";
import { createRepoFiles } from "../github/repo-files.js";
import { getAutofix, readAutofixChanges } from "../github/autofix.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { chooseCodeFix, type CodeFixStrategy, type StrategyAnswer } from "../patch/choose-code-fix.js";
import { codeAlertFromFinding } from "../patch/code-alert-from-finding.js";
import { llmStrategy, recipeStrategy } from "../patch/code-fix-strategies.js";
import { restartedBranchName } from "../patch/fix-branch-name.js";
import { unifiedDiff } from "../patch/unified-diff.js";
import { closeFixAttempt } from "./close-fix-attempt.js";
import { deferOverLimit } from "./defer-over-limit.js";
import { fixAttemptRecorder } from "./fix-attempt-recorder.js";
import { splitFullName, type RetryRequest } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { publishFix, type AuditNote } from "./publish-fix.js";
import { retryFoundNothing } from "./retry-found-nothing.js";



function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "alert";
}

/**
 * The code fix pass for one code-scanning finding: try the strategies in order, keep the first
 * patch that passes the local checks, and publish it on `secfix/code/<rule>-<alert>` with a PR.
 * An AI fix for a rule nobody approved yet waits for the pattern approvers.
 */
export async function fixCodeAlert(
  deps: PipelineDeps,
  input: { installationId: number; repository: RepositoryRef; findingId: string; config: SecfixConfig; lease: JobLease; retry?: RetryRequest },
): Promise<void> {
  const { store, clock } = deps;
  const now = () => clock().toISOString();
  const { repository, installationId, config, lease } = input;
  const github = await deps.github(installationId);
  const coordinates = splitFullName(repository.fullName);
  const finding = await store.read((reader) => reader.getFinding(input.findingId));
  if (!finding) return;
  const attemptId = fixAttemptId(repository.id, `code:${finding.alert.alertNumber}`);
  const existing = await store.read((reader) => reader.getFixAttempt(attemptId));

  const record = fixAttemptRecorder(store, { installationId, repository, lease, now });

  if (finding.alert.state !== "open" || finding.triage?.decision !== "act") {
    if (existing && !TERMINAL_STATES.has(existing.state)) await closeFixAttempt(github, coordinates, existing, [finding], record, now());
    return;
  }
  if (existing?.branchForeign || (existing && TERMINAL_STATES.has(existing.state))) return;

  const alert = codeAlertFromFinding(finding);
  const attempt: FixAttempt = existing
    ? { ...existing, updatedAt: now() }
    : newFixAttempt({ installationId, repository, planKey: `code:${finding.alert.alertNumber}`, findingIds: [finding.id], now: now() });
  if (!alert) {
    await record({ ...attempt, state: "no_fix", reason: "the alert points at no line of code" }, [{ action: "fix.no_fix", details: { reason: "no location" } }]);
    return;
  }

  const base = await getBranchTip(github, coordinates, repository.defaultBranch);
  const unchanged = existing && existing.baseSha === base.sha;
  if (unchanged && !input.retry && (existing.pullRequest?.state === "open" || existing.state === "no_fix")) return;
  if (await deferOverLimit(store, record, attempt, config.max_open_fix_prs)) return;

  const files = createRepoFiles(github, coordinates, base.sha);
  const source = await files.read(alert.path);
  const planEvent: AuditNote = {
    action: "fix.planned",
    details: { alert: finding.alert.alertNumber, rule: alert.ruleId, path: alert.path, baseSha: base.sha, ...(input.retry && { retry: input.retry }) },
  };
  if (source === null) {
    await record({ ...attempt, state: "no_fix", baseSha: base.sha, reason: `${alert.path} no longer exists on ${repository.defaultBranch}` }, [
      planEvent,
      { action: "fix.no_fix", details: { reason: "file missing" } },
    ]);
    return;
  }

  const fixer = deps.llmFixer(config.ai);
  const chain = [
    recipeStrategy(alert, source),
    autofixStrategy(github, coordinates, alert, finding.alert.alertNumber, base.sha, files),
    ...(fixer ? [llmStrategy(fixer, config.ai.model ?? "model", alert, files)] : []),
  ];
  // A forced strategy replaces the chain; when it is not available (AI off) the pass says so as its no-fix reason.
  const forced = input.retry?.strategy ?? null;
  const strategies: CodeFixStrategy[] =
    forced === null
      ? chain
      : chain.some((strategy) => strategy.name === forced)
        ? chain.filter((strategy) => strategy.name === forced)
        : [{ name: forced, propose: async () => ({ declined: "AI fixes are off for this repository (ai.enabled, with a model and an endpoint)" }) }];
  const choice = await chooseCodeFix(strategies, (changes) =>
    runLocalChecks(changes, { allowed: [alert.path], protectedPaths: config.protected_paths, maxFiles: config.gates.max_files, maxChangedLines: config.gates.max_changed_lines }),
  );
  const triedEvent: AuditNote = { action: "fix.candidates", details: { rejected: choice.rejected, winner: choice.winner ? { strategy: choice.winner.strategy, source: choice.winner.source, tokens: choice.winner.tokens ?? null } : null } };
  if (!choice.winner && choice.retryAfterMs !== null) {
    // Nothing usable yet, but the model only asked to wait: try the whole pass again later.
    throw new RetryLaterError(`code fix for alert ${finding.alert.alertNumber}: ${choice.rejected.map((r) => r.reason).join("; ")}`, choice.retryAfterMs);
  }
  if (!choice.winner && input.retry && attempt.pullRequest?.state === "open") {
    const reason = choice.rejected.map((r) => `${r.strategy}: ${r.reason}`).join("; ") || "no strategy applies";
    await retryFoundNothing({ github, coordinates, record }, { attempt, by: input.retry.by, reason, events: [planEvent, triedEvent] });
    return;
  }
  if (!choice.winner) {
    const reason = choice.rejected.map((r) => `${r.strategy}: ${r.reason}`).join("; ") || "no strategy applies";
    await record({ ...attempt, state: "no_fix", baseSha: base.sha, reason }, [planEvent, triedEvent, { action: "fix.no_fix", details: { reason } }]);
    return;
  }

  const winner = choice.winner;
  const approved = await store.read((reader) => reader.listApprovedPatterns());
  const newPattern = winner.strategy === "llm" && !config.ai.approved_patterns.includes(alert.ruleId) && !approved.some((p) => p.ruleId === alert.ruleId);
  const approvers = newPattern ? config.approvers.new_patterns : null;
  const changes: FileChange[] = winner.changes;
  const diff = unifiedDiff(changes);
  const body = codeFixBody({
    alert,
    alertUrl: finding.alert.htmlUrl,
    repository: repository.fullName,
    baseSha: base.sha,
    strategy: winner.strategy,
    source: winner.source,
    explanation: winner.explanation,
    changes,
    diff,
    rejected: choice.rejected,
    ...(winner.tokens && { tokens: winner.tokens }),
    newPatternApprovers: approvers,
  });
  const title = codeFixTitle({ alert, strategy: winner.strategy, source: winner.source });
  await publishFix(
    { github, coordinates, defaultBranch: repository.defaultBranch, base, record, now },
    {
      attempt: {
        ...attempt,
        patternApproval: newPattern ? { ruleId: alert.ruleId, strategy: winner.strategy, diff, teams: approvers ?? [], approvedBy: null } : null,
      },
      branch: restartedBranchName(`secfix/code/${slug(alert.ruleId)}-${finding.alert.alertNumber}`, attempt.restarts ?? 0),
      title,
      body,
      commitMessage: `${title}\n\nFixes code scanning alert ${finding.alert.alertNumber} (${alert.ruleId}).`,
      changes,
      labels: ["security", finding.triage?.severity ?? "low"],
      strategy: winner.strategy === "recipe" ? `recipe:${winner.source}` : winner.strategy,
      check: {
        title: `Fix for ${alert.ruleId} by ${winner.strategy === "recipe" ? `recipe ${winner.source}` : winner.strategy}`,
        summary: winner.explanation,
        annotations: changedLineAnnotations(changes, `Changed to fix ${alert.ruleId}.`),
      },
      events: [planEvent, triedEvent, { action: "fix.checked", details: { verdicts: choice.verdicts } }],
      partialReason: null,
      fix: { kind: "code", ruleId: alert.ruleId, alertNumber: finding.alert.alertNumber, path: alert.path, severity: finding.triage?.severity ?? "low", tool: alert.tool ?? null },
    },
  );
}

/** GitHub's Copilot Autofix, for CodeQL alerts in repositories that have it. */
function autofixStrategy(
  github: GitHubClient,
  coordinates: RepoCoordinates,
  alert: CodeAlert,
  alertNumber: number,
  baseSha: string,
  baseFiles: RepoFiles,
): CodeFixStrategy {
  return {
    name: "autofix",
    async propose(): Promise<StrategyAnswer> {
      if (alert.tool?.toLowerCase() !== "codeql") return { declined: "Copilot Autofix covers CodeQL alerts only" };
      const state = await getAutofix(github, coordinates, alertNumber);
      if (state.status === "unavailable") return { declined: state.reason };
      if (state.status === "requested") return { declined: "an autofix was requested from GitHub; a later pass can use it" };
      if (state.status !== "success") return { declined: `GitHub's autofix is ${state.status}` };
      const changes = await readAutofixChanges(github, coordinates, alertNumber, baseSha, baseFiles);
      if (changes.length === 0) return { declined: "GitHub's autofix changed nothing" };
      return { strategy: "autofix", source: "github-autofix", changes, explanation: state.description || "GitHub's Copilot Autofix for this alert." };
    },
  };
}
