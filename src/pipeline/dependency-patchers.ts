import type { DependencyPatcher, RepoFiles } from "../domain/dependency-fix.js";
import { createNpmPatcher } from "../patch/deps/npm/create-npm-patcher.js";
import { createPipPatcher } from "../patch/deps/pip/create-pip-patcher.js";
import { createNpmRegistry, type NpmRegistry } from "../registry/npm-registry.js";
import { createPypiRegistry } from "../registry/pypi-registry.js";
import { RegistryError } from "../registry/registry-error.js";
import { DEFAULT_NPM_REGISTRY, registryForPackage } from "../registry/registry-for-package.js";

/**
 * Operator settings for private npm registries. A repository's `.npmrc` is untrusted text: it
 * may only route packages to registries the operator listed, and only expand the environment
 * variables the operator listed, or a hostile repository could send the app's secrets (or its
 * requests) wherever it likes.
 */
export interface RegistrySettings {
  /** Hosts a `.npmrc` may name, besides the public registry (`SECFIX_NPM_REGISTRIES`). */
  allowedNpmHosts: Set<string>;
  /** Variables a `.npmrc` may expand with `${NAME}` (`SECFIX_NPMRC_ENV`). */
  npmrcEnv: Record<string, string | undefined>;
  pypiIndexUrl: string | undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

export function registrySettings(env: NodeJS.ProcessEnv): RegistrySettings {
  const npmrcEnv: Record<string, string | undefined> = {};
  for (const name of list(env.SECFIX_NPMRC_ENV)) npmrcEnv[name] = env[name];
  return {
    allowedNpmHosts: new Set([new URL(DEFAULT_NPM_REGISTRY).host, ...list(env.SECFIX_NPM_REGISTRIES).map((host) => host.toLowerCase())]),
    npmrcEnv,
    pypiIndexUrl: env.SECFIX_PYPI_INDEX_URL || undefined,
  };
}

/** Refuses packages a `.npmrc` routes to a registry the operator did not allow, before any request. */
function guardedNpmRegistry(npmrc: string | null, settings: RegistrySettings): NpmRegistry {
  const client = createNpmRegistry(npmrc === null ? {} : { npmrc: { text: npmrc, env: settings.npmrcEnv } });
  return {
    async packument(name) {
      if (npmrc !== null) {
        const { registryUrl } = registryForPackage(name, npmrc, settings.npmrcEnv);
        const host = new URL(registryUrl).host.toLowerCase();
        if (!settings.allowedNpmHosts.has(host)) {
          throw new RegistryError(
            `the repository's .npmrc sends ${name} to ${host}, which is not in SECFIX_NPM_REGISTRIES; secfix does not contact registries its operator did not allow`,
            "denied",
            name,
            null,
          );
        }
      }
      return client.packument(name);
    },
  };
}

/** The patchers secfix has, by Dependabot ecosystem name; registry clients are made per fix pass. */
export function createDependencyPatchers(env: NodeJS.ProcessEnv): (ecosystem: string, files: RepoFiles) => Promise<DependencyPatcher | null> {
  const settings = registrySettings(env);
  return async (ecosystem, files) => {
    if (ecosystem === "npm") return createNpmPatcher(guardedNpmRegistry(await files.read(".npmrc"), settings));
    if (ecosystem === "pip") return createPipPatcher(createPypiRegistry(settings.pypiIndexUrl ? { indexUrl: settings.pypiIndexUrl } : {}));
    return null;
  };
}

/** Registry lookups for the dependencies gate, under the same allowlist as the patchers. */
export function createPackageLookup(env: NodeJS.ProcessEnv): (ecosystem: string, name: string, version: string, files: RepoFiles) => Promise<boolean | null> {
  const settings = registrySettings(env);
  return async (ecosystem, name, version, files) => {
    try {
      if (ecosystem === "npm") {
        const packument = await guardedNpmRegistry(await files.read(".npmrc"), settings).packument(name);
        return Object.hasOwn(packument.versions, version);
      }
      if (ecosystem === "pip") {
        const project = await createPypiRegistry(settings.pypiIndexUrl ? { indexUrl: settings.pypiIndexUrl } : {}).project(name);
        const release = project.releases[version];
        return release !== undefined && release.files.length > 0;
      }
    } catch (error) {
      if (error instanceof RegistryError && error.kind === "not_found") return false;
      throw error;
    }
    return null;
  };
}
