import type nock from "nock";

/** `.github/secfix.yml` is absent in the repository and in the owner's `.github` repository: defaults apply. */
export function noConfig(scope: nock.Scope, owner: string, repo: string): nock.Scope {
  return scope
    .get(`/repos/${owner}/${repo}/contents/${encodeURIComponent(".github/secfix.yml")}`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${owner}/.github/contents/${encodeURIComponent(".github/secfix.yml")}`)
    .reply(404, { message: "Not Found" });
}

/** The repository's own `.github/secfix.yml`, served raw (GitHub answers raw content as text/plain). */
export function repoConfig(scope: nock.Scope, owner: string, repo: string, yaml: string, times = 1): nock.Scope {
  return scope
    .get(`/repos/${owner}/${repo}/contents/${encodeURIComponent(".github/secfix.yml")}`)
    .times(times)
    .reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
}
