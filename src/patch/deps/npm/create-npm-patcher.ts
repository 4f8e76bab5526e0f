import type {
  DependencyPatchOutcome,
  DependencyPatcher,
  DependencyPatchRequest,
  RepoFiles,
} from "../../../domain/dependency-fix.js";
import type { NpmRegistry } from "../../../registry/npm-registry.js";
import { RegistryError } from "../../../registry/registry-error.js";
import { fixLockedProject } from "./fix-locked-project.js";
import { fixManifestOnly } from "./fix-manifest-only.js";
import { locateNpmProject } from "./locate-npm-project.js";
import { parseGithubRange } from "./parse-github-range.js";
import { TreeEditError } from "./tree-edit-error.js";

export interface NpmPatcherOptions {
  /**
   * The Node version the project installs with; like npm, version choices for new packages then
   * prefer releases whose `engines.node` accepts it. Unknown (null, the default): engines ignored.
   */
  nodeVersion?: string | null;
}

/** Registry failures that a retry cannot fix become outcomes; transient ones propagate for the job to retry. */
function registryOutcome(error: RegistryError): DependencyPatchOutcome {
  if (error.kind === "not_found") {
    return {
      status: "unsupported",
      reason: `${error.message}; if it comes from a private registry, give secfix that registry (the project's .npmrc)`,
    };
  }
  return { status: "unsupported", reason: error.message };
}

/**
 * The npm dependency patcher: fixes a vulnerable package in package.json and its npm lockfile
 * (v2, v3 or npm-shrinkwrap.json) using only registry metadata — no npm process, no file system.
 */
export function createNpmPatcher(registry: NpmRegistry, options: NpmPatcherOptions = {}): DependencyPatcher {
  return {
    ecosystem: "npm",
    async patch(request: DependencyPatchRequest, files: RepoFiles): Promise<DependencyPatchOutcome> {
      if (request.ecosystem !== "npm") {
        return { status: "unsupported", reason: `the npm patcher cannot fix ${request.ecosystem} dependencies` };
      }
      if (request.vulnerabilities.length === 0) {
        return { status: "no_fix", reason: `no advisory names a vulnerable range of ${request.packageName}` };
      }
      for (const vulnerability of request.vulnerabilities) {
        if (parseGithubRange(vulnerability.range) === null) {
          return {
            status: "unsupported",
            reason: `advisory ${vulnerability.ghsaId} gives the range ${JSON.stringify(vulnerability.range)}, which secfix cannot read`,
          };
        }
      }
      try {
        const located = await locateNpmProject(request.manifestPath, files);
        if (!located.ok) return { status: "unsupported", reason: located.reason };
        const project = located.project;
        if (!project.lockfile) return await fixManifestOnly(request, project, registry);
        return await fixLockedProject({ request, files, registry, project, nodeVersion: options.nodeVersion ?? null });
      } catch (error) {
        if (error instanceof TreeEditError) return { status: error.outcome, reason: error.message };
        if (error instanceof RegistryError && error.kind !== "transient") return registryOutcome(error);
        throw error;
      }
    },
  };
}
