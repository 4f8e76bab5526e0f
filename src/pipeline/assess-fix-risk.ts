import type { SecfixConfig } from "../config/config.schema.js";
import type { RepoFiles } from "../domain/dependency-fix.js";
import type { FixAttempt } from "../domain/fix-attempt.js";
import type { DependencyBlast, RiskAssessment } from "../domain/risk.js";
import { versionDelta } from "../domain/version-delta.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import { listTreePaths } from "../github/list-tree-paths.js";
import { createRepoFiles } from "../github/repo-files.js";
import { assessRisk } from "../risk/assess-risk.js";
import { buildBlastRadius } from "../risk/build-blast-radius.js";
import { findImporters, importCandidates } from "../risk/find-importers.js";
import { readCodeowners } from "../risk/parse-codeowners.js";
import type { Store } from "../store/store.js";

/** Reading every file of a large repository to find importers would cost thousands of requests. */
export const MAX_IMPORTER_READS = 200;
const MAX_SOURCE_BYTES = 1_000_000;

/**
 * Blast radius and risk of the fix at `headSha`: the files it changes and who imports them, the
 * customer-facing paths and owners they fall under, and for dependencies the version jump, scope
 * and spread across the installation.
 */
export async function assessFixRisk(input: {
  github: GitHubClient;
  coordinates: RepoCoordinates;
  store: Store;
  config: SecfixConfig;
  attempt: FixAttempt;
  headSha: string;
  headFiles: RepoFiles;
  baseRef: string;
  changedFiles: string[];
  newPattern: boolean;
  now: string;
}): Promise<RiskAssessment> {
  const { github, coordinates, attempt } = input;
  const fix = attempt.fix!;
  let importers: Record<string, string[]> = {};
  let importersPartial: string | null = null;
  const head = input.headFiles;
  if (fix.kind === "code") {
    const tree = await listTreePaths(github, coordinates, input.headSha);
    const sizes = new Map(tree.files.map((file) => [file.path, file.size]));
    const candidates = importCandidates(
      tree.files.map((file) => file.path),
      input.changedFiles,
    ).filter((path) => (sizes.get(path) ?? 0) <= MAX_SOURCE_BYTES);
    const read = candidates.slice(0, MAX_IMPORTER_READS);
    const sources = new Map<string, string>();
    for (const path of read) {
      const text = await head.read(path);
      if (text !== null) sources.set(path, text);
    }
    importers = findImporters(input.changedFiles, sources);
    const notes: string[] = [];
    if (candidates.length > read.length) notes.push(`searched ${read.length} of ${candidates.length} source files`);
    if (tree.truncated) notes.push("GitHub truncated the repository tree");
    importersPartial = notes.length > 0 ? notes.join("; ") : null;
  }
  const base = createRepoFiles(github, coordinates, input.baseRef);
  const codeowners = await readCodeowners(base);
  const dependencies: DependencyBlast[] = [];
  if (fix.kind === "dependency") {
    const findings = await input.store.read((reader) => reader.listFindings({ installationId: attempt.installationId, source: "dependabot" }));
    for (const change of fix.packages) {
      const others = new Set(
        findings
          .filter((finding) => finding.repository.id !== attempt.repository.id && finding.alert.dependency?.name === change.name && finding.alert.dependency.ecosystem === change.ecosystem)
          .map((finding) => finding.repository.fullName),
      );
      dependencies.push({
        name: change.name,
        ecosystem: change.ecosystem,
        fromVersion: change.fromVersion,
        toVersion: change.toVersion,
        delta: versionDelta(change.fromVersion, change.toVersion),
        scope: change.scope,
        relationship: change.relationship,
        otherRepositories: [...others].sort(),
      });
    }
  }
  const blast = buildBlastRadius({
    changedFiles: input.changedFiles,
    importers,
    importersPartial,
    customerFacingGlobs: input.config.customer_facing_paths,
    codeowners,
    dependencies,
  });
  return assessRisk({ blast, fix, strategy: attempt.strategy, headSha: input.headSha, now: input.now, newPattern: input.newPattern });
}
