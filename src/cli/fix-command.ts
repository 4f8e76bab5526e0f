import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { DependencyPatcher, DependencyPatchOutcome, RepoFiles } from "../domain/dependency-fix.js";
import { dependabotAlertToSnapshot } from "../ingest/dependabot-alert.js";
import { MalformedAlertError } from "../ingest/malformed-alert-error.js";
import { unifiedDiff } from "../patch/unified-diff.js";
import { UsageError, type CliIo } from "./cli-io.js";
import { localRepoFiles } from "./local-repo-files.js";

export const FIX_HELP = `Usage: secfix fix --dir <checkout> --alert <alert.json> [--alert <more.json>...] [--dry-run] [--allow-overrides]

Fixes a Dependabot alert in a local checkout with the same planning and patching the app uses.
  --alert            the alert object as the REST API returns it
                     (gh api repos/OWNER/REPO/dependabot/alerts/N > alert.json); repeat it for
                     several alerts on the same package and manifest: one version fixes them all
  --dir              the repository's working tree
  --dry-run          print the unified diff on standard error instead of writing files
  --allow-overrides  may add an npm "overrides" entry when no parent release pulls the fix

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
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.out(FIX_HELP);
    return 0;
  }
  if (!values.dir || !values.alert?.length) throw new UsageError("--dir and --alert are both required");

  const result = await run(values.dir, values.alert, values["dry-run"], values["allow-overrides"], io, patcherFor);
  io.out(JSON.stringify(result) + "\n");
  return EXIT[result.status];
}

async function run(dir: string, alertPaths: string[], dryRun: boolean, allowOverrides: boolean, io: CliIo, patcherFor: PatcherFor): Promise<FixResult> {
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
      return { status: "unsupported", strategy: null, files: [], reason: "code scanning alerts are not fixed by `secfix fix` yet; only Dependabot alerts are" };
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
