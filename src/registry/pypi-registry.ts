import { z } from "zod";
import { RegistryError, type RegistryFailureKind } from "./registry-error.js";

export interface PypiFile {
  filename: string;
  /** Lower-case hex; null when the index gave none (pip's `--hash` needs it). */
  sha256: string | null;
  yanked: boolean;
}

export interface PypiRelease {
  files: PypiFile[];
  /** PEP 592 yanks files; PyPI yanks a release by yanking every file of it. */
  yanked: boolean;
}

export interface PypiProject {
  name: string;
  /** Keyed by the version string as PyPI lists it. A release with no files cannot be installed. */
  releases: Record<string, PypiRelease>;
}

/**
 * What the pip patcher needs from a Python package index. Failures are RegistryErrors:
 * `not_found` (404: permanent), `transient` (5xx, 429, timeout, network: retry later),
 * `denied` (401/403) and `invalid` (an answer that is not the JSON API's document).
 */
export interface PypiRegistry {
  /** Every release of a project. */
  project(name: string): Promise<PypiProject>;
  /** The files of one release, with digests. */
  releaseFiles(name: string, version: string): Promise<PypiFile[]>;
}

export interface PypiRegistryOptions {
  /** Base of the JSON API; `<indexUrl>/<name>/json` is a project. Default `https://pypi.org/pypi`. */
  indexUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Per request, covering headers and body. Default 10 s. */
  timeoutMs?: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

const fileSchema = z.object({
  filename: z.string(),
  digests: z.object({ sha256: z.string().nullish() }).nullish(),
  yanked: z.boolean().nullish(),
});
// PyPI documents `releases` on this document as deprecated; when it goes, this says so loudly.
const projectSchema = z.object({ info: z.object({ name: z.string() }), releases: z.record(z.string(), z.array(fileSchema)) });
const releaseSchema = z.object({ urls: z.array(fileSchema) });

function toFile(file: z.infer<typeof fileSchema>): PypiFile {
  const sha256 = file.digests?.sha256?.toLowerCase() ?? null;
  return { filename: file.filename, sha256: sha256 !== null && SHA256.test(sha256) ? sha256 : null, yanked: file.yanked === true };
}

/** Memoises a lookup per key; a failed lookup is forgotten so the next call tries again (a 404 too: projects get published). */
function memoise<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let pending = cache.get(key);
    if (!pending) {
      pending = load(key);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  };
}

/**
 * PyPI's JSON API (`GET /pypi/<name>/json`, `GET /pypi/<name>/<version>/json`) over fetch, with a
 * timeout per request and answers cached for the life of the instance (one per job: releases
 * appear, so a long-lived cache would go stale). Names are sent as given; PyPI redirects
 * other spellings of a name to its own, and fetch follows.
 */
export function createPypiRegistry(options: PypiRegistryOptions = {}): PypiRegistry {
  const indexUrl = (options.indexUrl ?? "https://pypi.org/pypi").replace(/\/+$/, "");
  const fetchJson = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  /** The JSON document at `url`, or a RegistryError saying whether asking again may help. */
  async function getJson(url: string, name: string): Promise<unknown> {
    const fail = (message: string, kind: RegistryFailureKind, status: number | null) => new RegistryError(message, kind, name, status);
    let response: Response;
    let body: string;
    try {
      response = await fetchJson(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
      body = await response.text();
    } catch (error) {
      const why = (error as { name?: unknown })?.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error as Error)?.message ?? error);
      throw fail(`PyPI request failed (${url}): ${why}`, "transient", null);
    }
    const status = response.status;
    if (status === 404 || status === 410) throw fail(`${url} does not exist (${status})`, "not_found", status);
    if (status === 401 || status === 403) throw fail(`${url} refused secfix (${status})`, "denied", status);
    if (status >= 500 || status === 429 || status === 408) throw fail(`${url} answered ${status}; try again later`, "transient", status);
    if (status < 200 || status >= 300) throw fail(`${url} answered ${status}`, "invalid", status);
    try {
      return JSON.parse(body);
    } catch {
      // Proxies and CDNs answer outages with HTML pages; the real API may answer next time.
      throw fail(`${url} answered with something that is not JSON; try again later`, "transient", status);
    }
  }

  function invalid(url: string, name: string, error: z.ZodError): RegistryError {
    const problems = error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "document"}: ${issue.message}`);
    return new RegistryError(`${url} is not a PyPI JSON API document (${problems.join("; ")})`, "invalid", name, 200);
  }

  const project = memoise(async (name: string): Promise<PypiProject> => {
    const url = `${indexUrl}/${encodeURIComponent(name)}/json`;
    const parsed = projectSchema.safeParse(await getJson(url, name));
    if (!parsed.success) throw invalid(url, name, parsed.error);
    const releases: Record<string, PypiRelease> = {};
    for (const [version, rawFiles] of Object.entries(parsed.data.releases)) {
      const files = rawFiles.map(toFile);
      releases[version] = { files, yanked: files.length > 0 && files.every((file) => file.yanked) };
    }
    return { name: parsed.data.info.name, releases };
  });

  const releaseFiles = memoise(async (key: string): Promise<PypiFile[]> => {
    const [name, version] = JSON.parse(key) as [string, string];
    const url = `${indexUrl}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`;
    const parsed = releaseSchema.safeParse(await getJson(url, name));
    if (!parsed.success) throw invalid(url, name, parsed.error);
    return parsed.data.urls.map(toFile);
  });

  return {
    project: (name) => project(name),
    releaseFiles: (name, version) => releaseFiles(JSON.stringify([name, version])),
  };
}
