import type { Packument } from "./packument.js";
import { RegistryError } from "./registry-error.js";
import { DEFAULT_NPM_REGISTRY, registryForPackage } from "./registry-for-package.js";

/** What the npm patcher needs from a registry: one package's full metadata. */
export interface NpmRegistry {
  packument(name: string): Promise<Packument>;
}

/** The fetch-based client, with a count of the HTTP requests it made (cache hits excluded). */
export interface NpmRegistryClient extends NpmRegistry {
  requestCount(): number;
}

export interface NpmRegistryOptions {
  /** Defaults to the public registry; ignored for packages that `npmrc` routes elsewhere. */
  registryUrl?: string;
  token?: string;
  /** A project's `.npmrc` and the environment its `${VAR}`s expand from; picks registry and token per package. */
  npmrc?: { text: string; env: Record<string, string | undefined> };
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** `@scope/name` travels as `@scope%2fname`, as the npm CLI sends it. */
export function packumentPath(name: string): string {
  return name.startsWith("@") ? `@${encodeURIComponent(name.slice(1)).replace(/%2F/g, "%2f")}` : encodeURIComponent(name);
}

function isPackument(value: unknown): value is Packument {
  if (typeof value !== "object" || value === null) return false;
  const versions = (value as { versions?: unknown }).versions;
  return typeof versions === "object" && versions !== null && !Array.isArray(versions);
}

/**
 * Reads full packuments over HTTP, once per package per instance (concurrent callers share one
 * request; failures are not cached so a retry asks again). Errors say which package and registry,
 * and whether trying again may help; tokens never appear in them.
 */
export function createNpmRegistry(options: NpmRegistryOptions = {}): NpmRegistryClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = new Map<string, Promise<Packument>>();
  let requests = 0;

  function target(name: string): { registryUrl: string; token: string | null } {
    if (options.npmrc) return registryForPackage(name, options.npmrc.text, options.npmrc.env);
    const base = options.registryUrl ?? DEFAULT_NPM_REGISTRY;
    return { registryUrl: base.endsWith("/") ? base : `${base}/`, token: options.token ?? null };
  }

  async function load(name: string): Promise<Packument> {
    const { registryUrl, token } = target(name);
    const url = `${registryUrl}${packumentPath(name)}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    requests++;
    let response: Response;
    let body: string;
    try {
      response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      body = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      const why = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      throw new RegistryError(`Could not read ${name} from ${registryUrl}: ${why}`, "transient", name, null);
    }
    const status = response.status;
    if (status === 404) {
      throw new RegistryError(`${name} is not published on ${registryUrl} (404)`, "not_found", name, status);
    }
    if (status === 401 || status === 403) {
      const hint = token ? "the configured token was refused" : "no token is configured for it";
      throw new RegistryError(`${registryUrl} refused to serve ${name} (${status}): ${hint}`, "denied", name, status);
    }
    if (status === 429 || status >= 500) {
      throw new RegistryError(`${registryUrl} answered ${status} for ${name}; try again later`, "transient", name, status);
    }
    if (status < 200 || status >= 300) {
      throw new RegistryError(`${registryUrl} answered ${status} for ${name}`, "invalid", name, status);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new RegistryError(`${registryUrl} sent metadata for ${name} that is not JSON`, "invalid", name, status);
    }
    if (!isPackument(parsed)) {
      throw new RegistryError(`${registryUrl} sent metadata for ${name} without a versions map`, "invalid", name, status);
    }
    parsed["dist-tags"] ??= {};
    return parsed;
  }

  return {
    packument(name: string): Promise<Packument> {
      let pending = cache.get(name);
      if (!pending) {
        pending = load(name);
        cache.set(name, pending);
        pending.catch(() => cache.delete(name));
      }
      return pending;
    },
    requestCount: () => requests,
  };
}
