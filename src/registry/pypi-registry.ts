import { z } from "zod";
import { PypiRegistryError } from "./pypi-registry-error.js";

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

/** What the pip patcher needs from a Python package index. */
export interface PypiRegistry {
  /** Every release of a project; null when the index has no such project (404). */
  project(name: string): Promise<PypiProject | null>;
  /** The files of one release, with digests; null when the index has no such release (404). */
  releaseFiles(name: string, version: string): Promise<PypiFile[] | null>;
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

function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Memoises a lookup per key; a failed lookup is forgotten so the next call tries again. */
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

  async function getJson(url: string): Promise<unknown> {
    const unavailable = (message: string, cause?: unknown, httpStatus?: number, wait?: number | null) =>
      new PypiRegistryError(message, { failure: "unavailable", retryable: true, url, httpStatus, retryAfterMs: wait, cause });
    const describe = (error: unknown) =>
      (error as { name?: unknown })?.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error as Error)?.message ?? error);

    let response: Response;
    try {
      response = await fetchJson(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unavailable(`PyPI request failed (${url}): ${describe(error)}`, error);
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const status = response.status;
      if (status >= 500 || status === 429 || status === 408) {
        throw unavailable(`PyPI answered ${status} for ${url}`, undefined, status, retryAfterMs(response.headers.get("retry-after"), Date.now()));
      }
      throw new PypiRegistryError(`PyPI refused ${url} with ${status}`, { failure: "refused", retryable: false, url, httpStatus: status });
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw unavailable(`PyPI response for ${url} broke off: ${describe(error)}`, error, response.status);
    }
    try {
      return JSON.parse(body);
    } catch (error) {
      // Proxies and CDNs answer outages with HTML pages; the real API may answer next time.
      throw unavailable(`PyPI answered ${url} with something that is not JSON`, error, response.status);
    }
  }

  function invalid(url: string, error: z.ZodError): PypiRegistryError {
    const problems = error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "document"}: ${issue.message}`);
    return new PypiRegistryError(`PyPI's answer for ${url} is not a JSON API document (${problems.join("; ")})`, {
      failure: "invalid_response",
      retryable: false,
      url,
    });
  }

  const project = memoise(async (name: string): Promise<PypiProject | null> => {
    const url = `${indexUrl}/${encodeURIComponent(name)}/json`;
    const json = await getJson(url);
    if (json === null) return null;
    const parsed = projectSchema.safeParse(json);
    if (!parsed.success) throw invalid(url, parsed.error);
    const releases: Record<string, PypiRelease> = {};
    for (const [version, rawFiles] of Object.entries(parsed.data.releases)) {
      const files = rawFiles.map(toFile);
      releases[version] = { files, yanked: files.length > 0 && files.every((file) => file.yanked) };
    }
    return { name: parsed.data.info.name, releases };
  });

  const releaseFiles = memoise(async (key: string): Promise<PypiFile[] | null> => {
    const [name, version] = JSON.parse(key) as [string, string];
    const url = `${indexUrl}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`;
    const json = await getJson(url);
    if (json === null) return null;
    const parsed = releaseSchema.safeParse(json);
    if (!parsed.success) throw invalid(url, parsed.error);
    return parsed.data.urls.map(toFile);
  });

  return {
    project: (name) => project(name),
    releaseFiles: (name, version) => releaseFiles(JSON.stringify([name, version])),
  };
}
