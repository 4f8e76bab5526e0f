import type { SecfixConfig } from "../config/config.schema.js";
import type { FileChange } from "../domain/dependency-fix.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import { failed, type GateVerdict } from "../domain/gate-verdict.js";
import { addedDependencies } from "../gates/added-dependencies.js";
import { checkAddedDependencies, type DependencyLookup } from "../gates/check-added-dependencies.js";
import { checkCi } from "../gates/check-ci.js";
import { checkCodeRescan } from "../gates/check-code-rescan.js";
import { checkDependencyRescan } from "../gates/check-dependency-rescan.js";
import { runLocalChecks } from "../gates/run-local-checks.js";
import type { AppIdentity } from "../github/app-identity.js";
import { listCheckRuns, listCommitStatuses } from "../github/ci-signals.js";
import { latestAnalysis, openAlertsForRef, pullRequestRefs } from "../github/code-scanning-for-ref.js";
import type { CommitComparison } from "../github/compare-commits.js";
import type { RepoFiles } from "../domain/dependency-fix.js";
import type { PullDetails } from "../github/get-pull-details.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { advisoriesAffecting } from "../github/global-advisories.js";
import { createRepoFiles } from "../github/repo-files.js";
import { getRequiredChecks } from "../github/required-checks.js";
import { durationMs } from "../config/config.schema.js";
import type { PipelineDeps } from "./pipeline-deps.js";

export interface GateInputs {
  deps: PipelineDeps;
  github: GitHubClient;
  coordinates: RepoCoordinates;
  config: SecfixConfig;
  identity: AppIdentity;
  attempt: FixAttempt;
  pull: PullDetails;
  startedAt: string;
  now: string;
  /** Verdicts already final for this head, kept rather than recomputed. */
  settled: readonly GateVerdict[];
  /** The PR against its base, asked of GitHub once per gate pass. */
  comparison: () => Promise<CommitComparison>;
  /** Files at the PR's head, read once per gate pass. */
  headFiles: RepoFiles;
}

export interface HeadDiff {
  changes: FileChange[];
  behindBy: number;
}

/** The PR's change against its base, file by file, read at the merge base and at the head. */
export async function readHeadDiff(input: GateInputs, maxFiles: number): Promise<HeadDiff & { tooMany: number | null }> {
  const comparison = await input.comparison();
  if (comparison.files.length > maxFiles || comparison.filesTruncated) {
    return { changes: [], behindBy: comparison.behindBy, tooMany: comparison.files.length };
  }
  const before = createRepoFiles(input.github, input.coordinates, comparison.mergeBaseSha);
  const after = input.headFiles;
  const changes: FileChange[] = [];
  for (const file of comparison.files) {
    changes.push({
      path: file.path,
      before: file.status === "added" || file.status === "renamed" || file.status === "copied" ? null : await before.read(file.path),
      after: file.status === "removed" ? null : await after.read(file.path),
    });
  }
  return { changes, behindBy: comparison.behindBy, tooMany: null };
}

const FINAL_GATES_REUSED = new Set(["scope", "size", "parse", "content", "package-scripts", "dependencies"]);

/**
 * Every gate's verdict on the PR's actual head: the local checks again (a person's push is judged
 * too), CI, the re-scan and new dependencies. Gates that already concluded on this head are kept.
 */
export async function collectGateVerdicts(input: GateInputs): Promise<{ verdicts: GateVerdict[]; diff: HeadDiff | null }> {
  const { github, coordinates, config, attempt, pull } = input;
  const kept = input.settled.filter((verdict) => !verdict.pending && FINAL_GATES_REUSED.has(verdict.gate));
  const verdicts: GateVerdict[] = [...kept];
  let diff: HeadDiff | null = null;

  if (kept.length === 0) {
    const read = await readHeadDiff(input, config.gates.max_files);
    diff = read;
    if (read.tooMany !== null) {
      verdicts.push(failed("size", [`the pull request changes ${read.tooMany} files; gates.max_files allows ${config.gates.max_files}`]));
    } else {
      const allowed = attempt.changedFiles ?? [];
      verdicts.push(
        ...runLocalChecks(read.changes, {
          allowed,
          protectedPaths: config.protected_paths,
          maxFiles: config.gates.max_files,
          maxChangedLines: config.gates.max_changed_lines,
        }),
      );
      verdicts.push(await dependenciesGate(input, read.changes));
    }
  }

  const timeoutMs = durationMs(config.gates.ci_timeout);
  const [checkRuns, statuses, required] = await Promise.all([
    listCheckRuns(github, coordinates, pull.headSha),
    listCommitStatuses(github, coordinates, pull.headSha),
    getRequiredChecks(github, coordinates, pull.baseRef),
  ]);
  verdicts.push(checkCi({ headSha: pull.headSha, checkRuns, statuses, required, ownAppId: input.identity.appId, startedAt: input.startedAt, now: input.now, timeoutMs }));
  verdicts.push(await rescanGate(input, timeoutMs));
  return { verdicts, diff };
}

async function rescanGate(input: GateInputs, timeoutMs: number): Promise<GateVerdict> {
  const { github, coordinates, attempt, pull } = input;
  const fix = attempt.fix;
  if (!fix) return failed("rescan", ["secfix has no record of what this fix changes, so it cannot re-scan it; `/secfix retry` re-plans it"]);
  if (fix.kind === "dependency") {
    const files: { path: string; text: string }[] = [];
    // The lockfile decides what installs, whether or not the patch touched it.
    const lockfiles = fix.packages.flatMap((p) => {
      const dir = p.manifestPath.includes("/") ? p.manifestPath.slice(0, p.manifestPath.lastIndexOf("/") + 1) : "";
      return fix.ecosystem === "npm" ? [`${dir}package-lock.json`, `${dir}npm-shrinkwrap.json`] : [p.manifestPath];
    });
    for (const path of [...new Set([...(attempt.changedFiles ?? []), ...lockfiles])]) {
      const text = await input.headFiles.read(path);
      if (text !== null) files.push({ path, text });
    }
    return checkDependencyRescan({ ecosystem: fix.ecosystem, files, packages: fix.packages.map((p) => ({ name: p.name, vulnerabilities: p.vulnerabilities })) });
  }
  // GitHub analyses a PR's merge commit; some setups analyse its head instead.
  const [mergeRef, headRef] = pullRequestRefs(pull.number) as [string, string];
  const candidates: [string, string][] = [...(pull.mergeCommitSha ? [[mergeRef, pull.mergeCommitSha] as [string, string]] : []), [headRef, pull.headSha]];
  let analysis = null;
  let usedRef: string | null = null;
  let usedSha = pull.headSha;
  let unavailable: string | null = null;
  for (const [ref, sha] of candidates) {
    const found = await latestAnalysis(github, coordinates, ref, sha);
    if (found.status === "unavailable") {
      unavailable = found.reason;
      break;
    }
    if (found.analysis) {
      analysis = found.analysis;
      usedRef = ref;
      usedSha = sha;
      break;
    }
  }
  const openOnPull = usedRef ? await openAlertsForRef(github, coordinates, usedRef) : [];
  const openOnBase = usedRef ? (await openAlertsForRef(github, coordinates, null)).map((alert) => alert.number) : [];
  return checkCodeRescan({
    alertNumber: fix.alertNumber,
    ruleId: fix.ruleId,
    // The analysis of the merge ref is of the test merge commit, which is what its verdict is about.
    headSha: usedSha,
    analysis,
    analysisUnavailable: unavailable,
    openOnPull,
    openOnBase,
    startedAt: input.startedAt,
    now: input.now,
    timeoutMs,
  });
}

async function dependenciesGate(input: GateInputs, changes: readonly FileChange[]): Promise<GateVerdict> {
  const head = input.headFiles;
  const lookups: DependencyLookup[] = [];
  for (const dependency of addedDependencies(changes)) {
    try {
      const exists = await input.deps.packageVersionExists(dependency.ecosystem, dependency.name, dependency.version, head);
      const advisories = exists === false ? [] : await advisoriesAffecting(input.github, dependency.ecosystem, dependency.name, dependency.version);
      lookups.push({ dependency, exists, advisories, error: exists === null ? `secfix has no registry for ${dependency.ecosystem}` : null });
    } catch (error) {
      lookups.push({ dependency, exists: null, advisories: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return checkAddedDependencies(lookups);
}
