import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { DependencyPatcher, DependencyPatchOutcome, RepoFiles } from "../domain/dependency-fix.js";
import { defaultConfig } from "../config/config.schema.js";
import { runLocalChecks } from "../gates/run-local-checks.js";
import { codeScanningAlertToSnapshot } from "../ingest/code-scanning-alert.js";
import { dependabotAlertToSnapshot } from "../ingest/dependabot-alert.js";
import { MalformedAlertError } from "../ingest/malformed-alert-error.js";
import { chooseCodeFix } from "../patch/choose-code-fix.js";
import { codeAlertFromSnapshot } from "../patch/code-alert-from-finding.js";
import { llmStrategy, recipeStrategy } from "../patch/code-fix-strategies.js";
import { unifiedDiff } from "../patch/unified-diff.js";
import { createLlmFixers } from "../pipeline/llm-fixers.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { localRepoFiles } from "./local-repo-files.js";

export const FIX_HELP = `Usage: secfix fix --dir <checkout> --alert <alert.json> [--alert <more.json>...] [--dry-run] [--allow-overrides] [--model NAME]

Fixes a Dependabot or code scanning alert in a local checkout with the same planning, patching and
local checks the app uses.
  --alert            the alert object as the REST API returns it
                     (gh api repos/OWNER/REPO/dependabot/alerts/N > alert.json); repeat it for
                     several alerts on the same package and manifest: one version fixes them all
  --dir              the repository's working tree
  --dry-run          print the unified diff on standard error instead of writing files
  --allow-overrides  may add an npm "overrides" entry when no parent release pulls the fix
  --model            for code scanning alerts no recipe fixes: ask this model at OPENAI_BASE_URL
                     (OPENAI_API_KEY from the environment)

Prints one JSON result on standard output:
  {"status": "patched" | "no_fix" | "unsupported" | "error", "strategy", "files", "reason"}
Exit 0 when patched, 2 for no_fix or unsupported, 1 for an error.
`;

export interface FixResult {
  status: "patched" | "no_fix" | "unsupported" | "error";
  strategy: string | null;
  files: string[];
  reason: string | null;
  fromVersion?: string;
  toVersion?: string;
}

const EXIT: Record<FixResult["status"], number> = { patched: 0, no_fix: 2, unsupported: 2, error: 1 };

export type PatcherFor = (ecosystem: string, files: RepoFiles) => Promise<DependencyPatcher | null>;

/** `secfix fix`: one alert, one local checkout, one JSON line. */
export async function fixCommand(args: string[], io: CliIo, patcherFor: PatcherFor): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string" },
      alert: { type: "string", multiple: true },
      "dry-run": { type: "boolean", default: false },
      "allow-overrides": { type: "boolean", default: false },
      model: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.out(FIX_HELP);
    return 0;
  }
  if (!values.dir || !values.alert?.length) throw new UsageError("--dir and --alert are both required");

  const result = await run(values.dir, values.alert, { dryRun: values["dry-run"], allowOverrides: values["allow-overrides"], model: values.model ?? null }, io, patcherFor);
  io.out(JSON.stringify(result) + "\n");
  return EXIT[result.status];
}

interface FixOptions {
  dryRun: boolean;
  allowOverrides: boolean;
  model: string | null;
}

async function run(dir: string, alertPaths: string[], options: FixOptions, io: CliIo, patcherFor: PatcherFor): Promise<FixResult> {
  const { dryRun, allowOverrides } = options;
  const error = (reason: string): FixResult => ({ status: "error", strategy: null, files: [], reason });
  const snapshots = [];
  for (const alertPath of alertPaths) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(alertPath, "utf8"));
    } catch (cause) {
      return error(`cannot read the alert from ${alertPath}: ${(cause as Error).message}`);
    }
    if (raw && typeof raw === "object" && "rule" in raw && !("dependency" in raw)) {
      if (alertPaths.length > 1) return error("a code scanning alert is fixed on its own: pass one --alert");
      return fixCodeScanningAlert(raw, dir, options, io);
    }
    try {
      snapshots.push(dependabotAlertToSnapshot(raw));
    } catch (cause) {
      if (cause instanceof MalformedAlertError) return error(`${alertPath} is not a Dependabot alert: ${cause.problems.join("; ")}`);
      throw cause;
    }
  }
  const open = snapshots.filter((snapshot) => snapshot.state === "open");
  if (open.length === 0) return { status: "no_fix", strategy: null, files: [], reason: `the alert is ${snapshots[0]!.state}` };
  const dependency = open[0]!.dependency!;
  const directory = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf("/")));
  const stranger = open.find(
    (s) => s.dependency!.ecosystem !== dependency.ecosystem || s.dependency!.name !== dependency.name || directory(s.dependency!.manifestPath) !== directory(dependency.manifestPath),
  );
  if (stranger) return error(`all alerts must name one package in one manifest directory; ${stranger.dependency!.name} in ${stranger.dependency!.manifestPath} differs`);
  const files = localRepoFiles(dir);
  const patcher = await patcherFor(dependency.ecosystem, files);
  if (!patcher) return { status: "unsupported", strategy: null, files: [], reason: `${dependency.ecosystem} dependencies are not supported yet` };

  let outcome: DependencyPatchOutcome;
  try {
    outcome = await patcher.patch(
      {
        ecosystem: dependency.ecosystem,
        packageName: dependency.name,
        manifestPath: dependency.manifestPath,
        vulnerabilities: open.map(({ advisory }) => ({
          ghsaId: advisory!.ghsaId,
          cveId: advisory!.cveId,
          severity: advisory!.severity,
          range: advisory!.vulnerableRange ?? "",
          firstPatchedVersion: advisory!.firstPatchedVersion,
        })),
        allowOverrides,
      },
      files,
    );
  } catch (cause) {
    return error((cause as Error).message);
  }
  if (outcome.status !== "patched") return { status: outcome.status, strategy: null, files: [], reason: outcome.reason };
  if (dryRun) io.err(unifiedDiff(outcome.files));
  else await files.write(outcome.files);
  return {
    status: "patched",
    strategy: outcome.strategy,
    files: outcome.files.map((file) => file.path),
    reason: outcome.explanation.join(" "),
    fromVersion: outcome.fromVersion,
    toVersion: outcome.toVersion,
  };
}

/** A code scanning alert: the recipe, then the model when --model names one, then the local checks. */
async function fixCodeScanningAlert(raw: unknown, dir: string, options: FixOptions, io: CliIo): Promise<FixResult> {
  let snapshot;
  try {
    snapshot = codeScanningAlertToSnapshot(raw, { fromApi: true });
  } catch (cause) {
    if (cause instanceof MalformedAlertError) return { status: "error", strategy: null, files: [], reason: `not a code scanning alert: ${cause.problems.join("; ")}` };
    throw cause;
  }
  if (snapshot.state !== "open") return { status: "no_fix", strategy: null, files: [], reason: `the alert is ${snapshot.state}` };
  const alert = codeAlertFromSnapshot(snapshot, snapshot.severity ?? "none");
  if (!alert) return { status: "no_fix", strategy: null, files: [], reason: "the alert points at no line of code" };
  const files = localRepoFiles(dir);
  let source: string | null;
  try {
    source = await files.read(alert.path);
  } catch (cause) {
    return { status: "error", strategy: null, files: [], reason: (cause as Error).message };
  }
  if (source === null) return { status: "no_fix", strategy: null, files: [], reason: `${alert.path} does not exist in ${dir}` };

  const config = defaultConfig();
  const fixer = options.model ? createLlmFixers(io.env)({ ...config.ai, enabled: true, model: options.model }) : null;
  if (options.model && !fixer) return { status: "error", strategy: null, files: [], reason: "--model needs OPENAI_API_KEY in the environment" };
  const choice = await chooseCodeFix(
    [recipeStrategy(alert, source), ...(fixer ? [llmStrategy(fixer, options.model!, alert, files)] : [])],
    (changes) => runLocalChecks(changes, { allowed: [alert.path], protectedPaths: [], maxFiles: config.gates.max_files, maxChangedLines: config.gates.max_changed_lines }),
  );
  if (!choice.winner) {
    return { status: "no_fix", strategy: null, files: [], reason: choice.rejected.map((r) => `${r.strategy}: ${r.reason}`).join("; ") };
  }
  const winner = choice.winner;
  if (options.dryRun) io.err(unifiedDiff(winner.changes));
  else await files.write(winner.changes);
  return {
    status: "patched",
    strategy: winner.strategy === "recipe" ? `recipe:${winner.source}` : winner.strategy,
    files: winner.changes.map((change) => change.path),
    reason: winner.explanation,
  };
}
