import { createHash } from "node:crypto";
import nock from "nock";

/**
 * PyPI JSON API documents in the shape https://docs.pypi.org/api/json/ documents (every field of a
 * file entry, `info`, `last_serial`, `urls`, `vulnerabilities`), built for made-up releases.
 * Digests are derived from the file name, so a test can compute the hash it expects.
 */

export interface FixtureRelease {
  /** Yanks every file, which is how PyPI yanks a release. */
  yanked?: boolean;
  /** File names; default: one wheel and one sdist. An empty list is a release without files. */
  files?: string[];
}

export function sha256Of(filename: string): string {
  return createHash("sha256").update(filename).digest("hex");
}

function defaultFiles(name: string, version: string): string[] {
  const stem = name.replace(/[-.]+/g, "_");
  return [`${stem}-${version}-py3-none-any.whl`, `${stem}-${version}.tar.gz`];
}

function fileEntry(filename: string, yanked: boolean) {
  const md5 = createHash("md5").update(filename).digest("hex");
  return {
    comment_text: "",
    digests: { blake2b_256: createHash("sha512").update(filename).digest("hex").slice(0, 64), md5, sha256: sha256Of(filename) },
    downloads: -1,
    filename,
    has_sig: false,
    md5_digest: md5,
    packagetype: filename.endsWith(".whl") ? "bdist_wheel" : "sdist",
    python_version: filename.endsWith(".whl") ? "py3" : "source",
    requires_python: ">=3.8",
    size: 1234,
    upload_time: "2024-01-02T03:04:05",
    upload_time_iso_8601: "2024-01-02T03:04:05.123456Z",
    url: `https://files.pythonhosted.org/packages/ab/cd/${filename}`,
    yanked,
    yanked_reason: yanked ? "broken build" : null,
  };
}

function info(name: string, version: string) {
  return {
    author: "",
    author_email: "maintainers@example.org",
    bugtrack_url: null,
    classifiers: ["Programming Language :: Python :: 3"],
    description: "…",
    description_content_type: "text/markdown",
    docs_url: null,
    download_url: null,
    downloads: { last_day: -1, last_month: -1, last_week: -1 },
    dynamic: null,
    home_page: null,
    keywords: null,
    license: "MIT",
    maintainer: null,
    maintainer_email: null,
    name,
    package_url: `https://pypi.org/project/${name}/`,
    platform: null,
    project_url: `https://pypi.org/project/${name}/`,
    project_urls: null,
    provides_extra: null,
    release_url: `https://pypi.org/project/${name}/${version}/`,
    requires_dist: null,
    requires_python: ">=3.8",
    summary: "A package",
    version,
    yanked: false,
    yanked_reason: null,
  };
}

/** `GET /pypi/<name>/json` */
export function projectDocument(name: string, releases: Record<string, FixtureRelease>) {
  const versions = Object.keys(releases);
  const latest = versions[versions.length - 1] ?? "0";
  const releaseFiles = (version: string) =>
    (releases[version]!.files ?? defaultFiles(name, version)).map((file) => fileEntry(file, releases[version]!.yanked === true));
  return {
    info: info(name, latest),
    last_serial: 22_334_455,
    releases: Object.fromEntries(versions.map((version) => [version, releaseFiles(version)])),
    urls: versions.length > 0 ? releaseFiles(latest) : [],
    vulnerabilities: [],
  };
}

/** `GET /pypi/<name>/<version>/json`: the same minus `releases`. */
export function releaseDocument(name: string, version: string, release: FixtureRelease = {}) {
  return {
    info: info(name, version),
    last_serial: 22_334_455,
    urls: (release.files ?? defaultFiles(name, version)).map((file) => fileEntry(file, release.yanked === true)),
    vulnerabilities: [],
  };
}

/** A fake pypi.org answering one project (and optionally its per-release documents) once each. */
export function servePypiProject(name: string, releases: Record<string, FixtureRelease>, options: { releaseDocuments?: string[] } = {}): nock.Scope {
  const scope = nock("https://pypi.org").get(`/pypi/${name}/json`).reply(200, projectDocument(name, releases), { "content-type": "application/json" });
  for (const version of options.releaseDocuments ?? []) {
    scope.get(`/pypi/${name}/${version}/json`).reply(200, releaseDocument(name, version, releases[version]), { "content-type": "application/json" });
  }
  return scope;
}
