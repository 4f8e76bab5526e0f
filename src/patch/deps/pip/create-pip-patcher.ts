import { posix } from "node:path";
import type { DependencyPatchOutcome, DependencyPatcher } from "../../../domain/dependency-fix.js";
import type { PypiRegistry } from "../../../registry/pypi-registry.js";
import { RegistryError } from "../../../registry/registry-error.js";
import { findPipLockfile, PIP_LOCKFILES } from "./find-pip-lockfile.js";
import { patchPyproject } from "./patch-pyproject.js";
import { patchRequirements } from "./patch-requirements.js";
import { readVulnerableRanges } from "./read-vulnerable-ranges.js";

function unsupported(reason: string): DependencyPatchOutcome {
  return { status: "unsupported", reason };
}

/**
 * The pip patcher: requirements files (and what they include) and PEP 621 pyproject.toml.
 * Manifests whose versions live in a lockfile secfix cannot regenerate yet (Poetry, Pipenv, uv,
 * PDM) are refused with the command to run instead, never half-changed. The registry is the only
 * network access, passed in; transient registry failures (RegistryError `transient`) throw for the
 * job to retry, while every other answer, about the repository or from PyPI, is an outcome.
 */
export function createPipPatcher(registry: PypiRegistry): DependencyPatcher {
  return {
    ecosystem: "pip",
    async patch(request, files) {
      if (request.ecosystem !== "pip") return unsupported(`the pip patcher does not handle ${request.ecosystem} packages`);
      const manifestPath = request.manifestPath.replace(/^(?:\.?\/)+/, "");
      const base = posix.basename(manifestPath);
      const lockfileCommand = PIP_LOCKFILES[base];
      if (lockfileCommand) {
        return unsupported(`${manifestPath} is a lockfile secfix cannot regenerate yet; run ${lockfileCommand(request.packageName)} and commit the result.`);
      }
      if (base === "Pipfile") {
        return unsupported(`${manifestPath} is a Pipenv manifest: its versions are locked in Pipfile.lock, which secfix cannot regenerate yet. Run pipenv update ${request.packageName} by hand.`);
      }
      if (base === "setup.py" || base === "setup.cfg") {
        return unsupported(`${manifestPath} declares dependencies in setuptools ${base === "setup.py" ? "code" : "configuration"}, which secfix does not edit; move the bound in it by hand.`);
      }
      const kind = base === "pyproject.toml" ? "pyproject" : /\.(txt|in)$/i.test(base) ? "requirements" : null;
      if (!kind) return unsupported(`${manifestPath} is not a pip manifest secfix knows how to edit (requirements*.txt, *.in, pyproject.toml).`);

      const ranges = readVulnerableRanges(request.vulnerabilities);
      if ("unreadable" in ranges) {
        return unsupported(`the vulnerable range of ${ranges.unreadable.ghsaId} ("${ranges.unreadable.range}") is not one secfix can read, so it cannot tell a fixed version from a vulnerable one.`);
      }
      if (ranges.ok.length === 0) return { status: "no_fix", reason: `no vulnerable version range was given for ${request.packageName}, so there is nothing to move away from.` };

      const lockfile = await findPipLockfile(manifestPath, files);
      if (lockfile) {
        const command = PIP_LOCKFILES[posix.basename(lockfile)]!(request.packageName);
        return unsupported(
          `${lockfile} locks the dependencies of ${manifestPath}, and secfix cannot regenerate ${posix.basename(lockfile)} yet: changing ${manifestPath} alone would leave the lockfile stale. Run ${command} and commit both files.`,
        );
      }
      if (kind === "requirements" && /\.in$/i.test(base)) {
        const compiled = manifestPath.replace(/\.in$/i, ".txt");
        if ((await files.read(compiled)) !== null) {
          return unsupported(`${compiled} is compiled from ${manifestPath} (pip-tools), and secfix cannot run the compiler yet: changing ${manifestPath} alone would leave ${compiled} stale. Run pip-compile --upgrade-package ${request.packageName} by hand.`);
        }
      }

      const manifestText = await files.read(manifestPath);
      if (manifestText === null) return { status: "no_fix", reason: `${manifestPath} no longer exists, so the alert is stale.` };
      const common = { packageName: request.packageName, manifestPath, manifestText, vulnerabilities: ranges.ok, registry };
      try {
        return await (kind === "pyproject" ? patchPyproject(common) : patchRequirements({ ...common, files }));
      } catch (error) {
        // A refusal or an unreadable answer will not change on retry: say so where people look.
        if (error instanceof RegistryError && error.kind !== "transient") {
          return unsupported(`secfix could not read the releases of ${request.packageName} from PyPI: ${error.message}.`);
        }
        throw error;
      }
    },
  };
}
