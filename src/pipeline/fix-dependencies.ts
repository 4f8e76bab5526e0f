import { fixCheckRunSummary, fixPullRequestBody, fixPullRequestTitle, type PatchedItem } from "../audit/render-dependency-fix.js";
import type { SecfixConfig } from "../config/config.schema.js";
import type { DependencyFixItem, DependencyFixPlan } from "../domain/dependency-fix-plan.js";
import type { DependencyPatchOutcome } from "../domain/dependency-fix.js";
import type { Finding, RepositoryRef } from "../domain/finding.js";
import { TERMINAL_STATES, fixAttemptId, newFixAttempt, type FixAttempt } from "../domain/fix-attempt.js";
import type { JobLease } from "../domain/job.js";
import { codeSpan } from "../domain/markdown.js";
import { severityRank, isSeverity, type Severity } from "../domain/severity.js";
import { runLocalChecks } from "../gates/run-local-checks.js";
import { createCheckRun } from "../github/create-check-run.js";
import { getBranchTip, type BranchTip } from "../github/get-branch-tip.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { listOpenPullRequests, type PullRequestRef } from "../github/pull-requests.js";
import { createRepoFiles } from "../github/repo-files.js";
import { findDependabotPull } from "../patch/find-dependabot-pull.js";
import { fixBranchName, restartedBranchName } from "../patch/fix-branch-name.js";
import { overlayFiles } from "../patch/overlay-files.js";
import { planDependencyFixes } from "../patch/plan-dependency-fixes.js";
import type { Store } from "../store/store.js";
import { closeFixAttempt } from "./close-fix-attempt.js";
import { retryFoundNothing } from "./retry-found-nothing.js";
import { deferOverLimit } from "./defer-over-limit.js";
import { fixAttemptRecorder, type RecordFixAttempt } from "./fix-attempt-recorder.js";
import { splitFullName } from "./job-payloads.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { FIX_CHECK_NAME, publishFix } from "./publish-fix.js";

/** The files a dependency fix may change, per ecosystem: manifests and lockfiles, nothing else. */
const MANIFEST_GLOBS: Record<string, string[]> = {
  npm: ["package.json", "**/package.json", "package-lock.json", "**/package-lock.json", "npm-shrinkwrap.json", "**/npm-shrinkwrap.json"],
  pip: ["*.txt", "**/*.txt", "pyproject.toml", "**/pyproject.toml"],
};

interface FixRun {
  deps: PipelineDeps;
  store: Store;
  github: GitHubClient;
  coordinates: RepoCoordinates;
  repository: RepositoryRef;
  installationId: number;
  config: SecfixConfig;
  findings: Map<string, Finding>;
  lease: JobLease;
  now: () => string;
  record: RecordFixAttempt;
  /** Fetched once per run, and only when a plan has no PR yet. */
  openPulls: () => Promise<PullRequestRef[]>;
  base: () => Promise<BranchTip>;
  /** Attempts a person asked to retry: re-planned even when nothing moved. */
  retried: ReadonlySet<string>;
  retriedBy: string | null;
}


function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

function highestSeverity(items: readonly DependencyFixItem[]): Severity {
  const severities = items.flatMap((item) => item.vulnerabilities.map((v) => v.severity)).filter(isSeverity);
  return severities.sort((a, b) => severityRank(b) - severityRank(a))[0] ?? "low";
}

/**
 * The dependency fix pass for one repository: plan the open, actionable Dependabot findings,
 * patch each plan, and publish it as one commit on a deterministic branch with a PR. Every step
 * re-reads GitHub, so a replay, a retry or a restart reuses the branch and PR it made before.
 */
export async function fixDependencies(
  deps: PipelineDeps,
  input: { installationId: number; repository: RepositoryRef; config: SecfixConfig; lease: JobLease; retry?: { by: string; attemptIds: string[] } },
): Promise<void> {
  const { store, clock } = deps;
  const github = await deps.github(input.installationId);
  const coordinates = splitFullName(input.repository.fullName);
  const findings = await store.read((reader) => reader.listFindings({ repository: input.repository.fullName }));
  let pulls: Promise<PullRequestRef[]> | null = null;
  let tip: Promise<BranchTip> | null = null;
  const run: FixRun = {
    deps,
    store,
    github,
    coordinates,
    repository: input.repository,
    installationId: input.installationId,
    config: input.config,
    findings: new Map(findings.map((finding) => [finding.id, finding])),
    lease: input.lease,
    now: () => clock().toISOString(),
    record: fixAttemptRecorder(store, { installationId: input.installationId, repository: input.repository, lease: input.lease, now: () => clock().toISOString() }),
    openPulls: () => (pulls ??= listOpenPullRequests(github, coordinates)),
    base: () => (tip ??= getBranchTip(github, coordinates, input.repository.defaultBranch)),
    retried: new Set(input.retry?.attemptIds ?? []),
    retriedBy: input.retry?.by ?? null,
  };

  const plans = planDependencyFixes(findings, input.config.dependencies.grouping);
  const attempts = new Map(
    (await store.read((reader) => reader.listFixAttempts({ repositoryId: input.repository.id }))).map((attempt) => [attempt.id, attempt]),
  );
  const planned = new Set(plans.map((plan) => fixAttemptId(input.repository.id, plan.key)));
  for (const attempt of attempts.values()) {
    if (!planned.has(attempt.id) && !TERMINAL_STATES.has(attempt.state)) {
      const findings = attempt.findingIds.map((id) => run.findings.get(id)).filter((f): f is Finding => f !== undefined);
      await closeFixAttempt(github, coordinates, attempt, findings, run.record, run.now());
    }
  }
  for (const plan of plans) await fixPlan(run, plan, attempts.get(fixAttemptId(input.repository.id, plan.key)) ?? null);
}


async function fixPlan(run: FixRun, plan: DependencyFixPlan, existing: FixAttempt | null): Promise<void> {
  const findingIds = plan.items.flatMap((item) => item.findingIds).sort();
  if (existing?.branchForeign) return; // said once already; a person owns the branch now
  const pull = existing?.pullRequest?.state === "open" ? existing.pullRequest : null;
  if (pull?.adoptedFrom === "dependabot") return;
  const base = await run.base();
  const unchanged = existing !== null && existing.baseSha === base.sha && sameIds(existing.findingIds, findingIds) && !run.retried.has(existing.id);
  if (unchanged && (pull || existing.state === "no_fix")) return;

  let attempt = existing ?? newFixAttempt({ installationId: run.installationId, repository: run.repository, planKey: plan.key, findingIds, now: run.now() });
  attempt = { ...attempt, findingIds, updatedAt: run.now() };

  if (!pull) {
    const dependabot = findDependabotPull(plan, await run.openPulls());
    if (dependabot) {
      await adoptDependabotPull(run, plan, attempt, dependabot);
      return;
    }
  }

  if (await deferOverLimit(run.store, run.record, attempt, run.config.max_open_fix_prs)) return;

  // Patch every item on the base commit, each building on the files the previous one changed.
  const files = overlayFiles(createRepoFiles(run.github, run.coordinates, base.sha));
  const patched: PatchedItem[] = [];
  const unfixed: { item: DependencyFixItem; reason: string; outcome: DependencyPatchOutcome }[] = [];
  // One patcher per plan: its registry client caches metadata across the plan's packages.
  const patcher = await run.deps.dependencyPatcher(plan.ecosystem, files);
  for (const item of plan.items) {
    const outcome: DependencyPatchOutcome = patcher
      ? await patcher.patch(
          {
            ecosystem: plan.ecosystem,
            packageName: item.packageName,
            manifestPath: item.manifestPath,
            vulnerabilities: item.vulnerabilities,
            allowOverrides: run.config.dependencies.allow_overrides,
          },
          files,
        )
      : { status: "unsupported", reason: `${plan.ecosystem} dependencies are not supported yet` };
    if (outcome.status === "patched") {
      files.apply(outcome.files);
      patched.push({ item, outcome });
    } else {
      unfixed.push({ item, reason: outcome.reason, outcome });
    }
  }
  const planEvent = {
    action: "fix.planned",
    details: {
      plan: plan.key,
      baseSha: base.sha,
      items: plan.items.map((item) => ({ package: item.packageName, manifest: item.manifestPath, advisories: item.vulnerabilities.map((v) => v.ghsaId) })),
    },
  };

  // A retry that found nothing leaves an open fix standing (and says so on its PR).
  const retryOfOpenFix = pull !== null && run.retried.has(attempt.id);
  if (patched.length === 0) {
    const reason = unfixed.map(({ item, reason }) => `${item.packageName} (${item.manifestPath}): ${reason}`).join("; ");
    if (retryOfOpenFix) {
      await retryFoundNothing(run, { attempt, by: run.retriedBy ?? "someone", reason, events: [planEvent] });
      return;
    }
    const state = unfixed.every((u) => u.outcome.status === "unsupported") ? "unsupported" : "no_fix";
    await run.record({ ...attempt, state: "no_fix", baseSha: base.sha, reason }, [
      planEvent,
      { action: "fix.no_fix", details: { outcome: state, items: unfixed.map(({ item, outcome }) => ({ package: item.packageName, ...outcome })) } },
    ]);
    return;
  }

  const changes = files.changes();
  // Whatever wrote the patch, it is judged before anything is pushed.
  const verdicts = runLocalChecks(changes, {
    allowed: MANIFEST_GLOBS[plan.ecosystem] ?? [],
    protectedPaths: run.config.protected_paths,
    maxFiles: run.config.gates.max_files,
    maxChangedLines: run.config.gates.max_changed_lines,
  });
  const failures = verdicts.filter((verdict) => !verdict.passed);
  if (failures.length > 0) {
    const reason = `the patch failed secfix's local checks: ${failures.map((f) => `${f.gate} (${f.evidence.join("; ")})`).join("; ")}`;
    if (retryOfOpenFix) {
      await retryFoundNothing(run, { attempt, by: run.retriedBy ?? "someone", reason, events: [planEvent, { action: "fix.rejected", details: { verdicts } }] });
      return;
    }
    await run.record({ ...attempt, state: "no_fix", baseSha: base.sha, reason }, [planEvent, { action: "fix.rejected", details: { verdicts } }]);
    return;
  }
  const branch = restartedBranchName(
    fixBranchName(plan.ecosystem, plan.key, patched.map((p) => ({ name: p.outcome.packageName, toVersion: p.outcome.toVersion }))),
    attempt.restarts ?? 0,
  );
  const title = fixPullRequestTitle(plan, patched);
  const body = fixPullRequestBody(plan, patched, {
    cvss: new Map(findingIds.map((id) => run.findings.get(id)).flatMap((f) => (f?.alert.advisory ? [[f.alert.advisory.ghsaId, f.alert.advisory.cvssScore] as const] : []))),
    summaries: new Map(findingIds.map((id) => run.findings.get(id)).flatMap((f) => (f?.alert.advisory ? [[f.alert.advisory.ghsaId, f.alert.advisory.summary] as const] : []))),
    unfixed,
  });
  const patchEvent = {
    action: "fix.patched",
    details: {
      branch,
      files: changes.map((change) => change.path),
      items: patched.map(({ outcome }) => ({
        package: outcome.packageName,
        from: outcome.fromVersion,
        to: outcome.toVersion,
        strategy: outcome.strategy,
        chain: outcome.chain,
        why: outcome.explanation,
      })),
      unfixed: unfixed.map(({ item, reason }) => ({ package: item.packageName, reason })),
    },
  };
  const message = `${title}\n\n${patched.map(({ item }) => item.vulnerabilities.map((v) => v.ghsaId).join(", ")).join("\n")}`;
  const strategy = [...new Set(patched.map((p) => p.outcome.strategy))].join("+");

  await publishFix(
    { github: run.github, coordinates: run.coordinates, defaultBranch: run.repository.defaultBranch, base, record: run.record, now: run.now },
    {
      attempt,
      branch,
      title,
      body,
      commitMessage: message,
      changes,
      labels: ["security", highestSeverity(plan.items)],
      strategy,
      check: fixCheckRunSummary(plan, patched),
      events: [planEvent, patchEvent, { action: "fix.checked", details: { verdicts } }],
      fix: {
        kind: "dependency",
        ecosystem: plan.ecosystem,
        severity: highestSeverity(plan.items),
        packages: patched.map(({ item, outcome }) => ({
          ecosystem: plan.ecosystem,
          name: outcome.packageName,
          manifestPath: item.manifestPath,
          fromVersion: outcome.fromVersion,
          toVersion: outcome.toVersion,
          relationship: outcome.relationship,
          scope: item.scope,
          vulnerabilities: item.vulnerabilities,
        })),
      },
      partialReason: unfixed.length > 0 ? unfixed.map(({ item, reason }) => `${item.packageName}: ${reason}`).join("; ") : null,
    },
  );
}

async function adoptDependabotPull(run: FixRun, plan: DependencyFixPlan, attempt: FixAttempt, dependabot: PullRequestRef): Promise<void> {
  const item = plan.items[0]!;
  await createCheckRun(run.github, run.coordinates, {
    name: FIX_CHECK_NAME,
    headSha: dependabot.headSha,
    conclusion: "success",
    title: `Adopted Dependabot's fix for ${item.packageName}`,
    summary: `Dependabot already opened #${dependabot.number} for ${codeSpan(item.packageName)} in ${codeSpan(item.manifestPath)}; secfix tracks it instead of opening a second pull request (plan ${codeSpan(plan.key)}).`,
  });
  await run.record(
    {
      ...attempt,
      state: "proposed",
      strategy: "dependabot",
      pullRequest: { number: dependabot.number, url: dependabot.url, branch: dependabot.branch, headSha: dependabot.headSha, adoptedFrom: "dependabot", state: "open" },
      reason: null,
    },
    [{ action: "fix.adopted", details: { pullRequest: dependabot.number, branch: dependabot.branch, from: "dependabot" } }],
  );
}
