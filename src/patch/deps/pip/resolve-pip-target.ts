import type { DependencyPatchOutcome } from "../../../domain/dependency-fix.js";
import type { PypiProject, PypiRegistry } from "../../../registry/pypi-registry.js";
import { RegistryError } from "../../../registry/registry-error.js";
import { admitsVulnerableVersion } from "./admits-vulnerable-version.js";
import { chooseTargetVersion, type RequirementSite, type TargetChoice } from "./choose-target-version.js";
import { normalizePackageName } from "./normalize-package-name.js";
import type { PipVulnerability } from "./read-vulnerable-ranges.js";

export type ResolvedPipTarget =
  | { kind: "outcome"; outcome: DependencyPatchOutcome }
  | { kind: "target"; choice: Extract<TargetChoice, { kind: "target" }>; project: PypiProject };

/**
 * The part every pip manifest shares once its requirements are found: stop early when they
 * already exclude every vulnerable version (no registry call), else ask PyPI and pick the target.
 * Other registry errors propagate: transient ones for the job to retry, the rest for the patcher to report.
 */
export async function resolvePipTarget(input: {
  packageName: string;
  manifestPath: string;
  sites: readonly RequirementSite[];
  vulnerabilities: readonly PipVulnerability[];
  registry: PypiRegistry;
}): Promise<ResolvedPipTarget> {
  const { packageName, sites, vulnerabilities } = input;
  if (!sites.some((site) => admitsVulnerableVersion(site.specifier, vulnerabilities))) {
    const labels = sites.map((site) => site.label).join(", ");
    const ranges = vulnerabilities.map((v) => `${v.ghsaId}: ${v.range.text}`).join("; ");
    return {
      kind: "outcome",
      outcome: {
        status: "no_fix",
        reason: `${labels} already exclude${sites.length === 1 ? "s" : ""} every vulnerable version (${ranges}); nothing to change. The alert should close when GitHub next reads ${input.manifestPath}.`,
      },
    };
  }
  let project: PypiProject;
  try {
    project = await input.registry.project(normalizePackageName(packageName));
  } catch (error) {
    // A 404 is PyPI's final word: the project is gone (advisories name PyPI projects), nothing to move to.
    if (!(error instanceof RegistryError && error.kind === "not_found")) throw error;
    return {
      kind: "outcome",
      outcome: { status: "no_fix", reason: `PyPI has no project named ${packageName}, so there is no release to move to.` },
    };
  }
  const choice = chooseTargetVersion({ packageName, releases: project.releases, vulnerabilities, sites });
  if (choice.kind === "none") return { kind: "outcome", outcome: { status: "no_fix", reason: choice.reason } };
  return { kind: "target", choice, project };
}
