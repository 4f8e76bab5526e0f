import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { createPypiRegistry } from "../../src/registry/pypi-registry.js";
import { RegistryError, isTransientRegistryError } from "../../src/registry/registry-error.js";
import { projectDocument, releaseDocument, sha256Of } from "./pypi-fixtures.js";

const sampleproject = JSON.parse(readFileSync(new URL("./pypi-sampleproject.json", import.meta.url), "utf8")) as Record<string, unknown>;

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe("createPypiRegistry", () => {
  it("reads PyPI's documented example: releases, files, digests, a release without files", async () => {
    const pypi = nock("https://pypi.org").get("/pypi/sampleproject/json").matchHeader("accept", "application/json").reply(200, sampleproject);
    const project = await createPypiRegistry().project("sampleproject");
    expect(project).toEqual({
      name: "sampleproject",
      releases: {
        "1.0": { files: [], yanked: false },
        "1.2.0": {
          yanked: false,
          files: [
            { filename: "sampleproject-1.2.0-py2.py3-none-any.whl", sha256: "7a7a8b91086deccc54cac8d631e33f6a0e232ce5775c6be3dc44f86c2154019d", yanked: false },
            { filename: "sampleproject-1.2.0.tar.gz", sha256: "3427a8a5dd0c1e176da48a44efb410875b3973bd9843403a0997e4187c408dc1", yanked: false },
          ],
        },
      },
    });
    expect(pypi.isDone()).toBe(true);
  });

  it("marks a release yanked when PyPI yanked every file of it", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").reply(200, projectDocument("demo", { "1.0": {}, "1.1": { yanked: true } }));
    const project = await createPypiRegistry().project("demo");
    expect(project!.releases["1.0"]!.yanked).toBe(false);
    expect(project!.releases["1.1"]!.yanked).toBe(true);
    expect(project!.releases["1.1"]!.files.every((file) => file.yanked)).toBe(true);
  });

  it("asks PyPI once per project per instance, even for calls in flight together", async () => {
    const pypi = nock("https://pypi.org").get("/pypi/demo/json").once().reply(200, projectDocument("demo", { "1.0": {} }));
    const registry = createPypiRegistry();
    const [a, b] = await Promise.all([registry.project("demo"), registry.project("demo")]);
    const c = await registry.project("demo");
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(pypi.isDone()).toBe(true);
  });

  it("says not_found, a permanent failure, for a project PyPI does not have (404)", async () => {
    nock("https://pypi.org").get("/pypi/no-such-thing/json").reply(404, { message: "Not Found" });
    const error = await failure(createPypiRegistry().project("no-such-thing"));
    expect(error).toMatchObject({ kind: "not_found", packageName: "no-such-thing", status: 404 });
    expect(error.message).toBe("https://pypi.org/pypi/no-such-thing/json does not exist (404)");
    expect(isTransientRegistryError(error)).toBe(false);
  });

  it("throws a retryable error on a 5xx and asks again on the next call", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").reply(503, "<html>Service Unavailable</html>").get("/pypi/demo/json").reply(200, projectDocument("demo", { "2.0": {} }));
    const registry = createPypiRegistry();
    const error = await failure(registry.project("demo"));
    expect(error).toMatchObject({ kind: "transient", packageName: "demo", status: 503 });
    expect(isTransientRegistryError(error)).toBe(true);
    expect(error.message).toBe("https://pypi.org/pypi/demo/json answered 503; try again later");
    expect(Object.keys((await registry.project("demo"))!.releases)).toEqual(["2.0"]);
  });

  it("treats a 429 as transient", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").reply(429, "slow down", { "retry-after": "30" });
    expect(await failure(createPypiRegistry().project("demo"))).toMatchObject({ kind: "transient", status: 429 });
  });

  it("treats a body that breaks off as retryable", async () => {
    const broken: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"info":'));
            controller.error(new Error("connection reset"));
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    const error = await failure(createPypiRegistry({ fetch: broken }).project("demo"));
    expect(error).toMatchObject({ kind: "transient", status: null });
    expect(error.message).toBe("PyPI request failed (https://pypi.org/pypi/demo/json): connection reset");
  });

  it("gives up on a request that takes longer than the timeout, as retryable", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").delay(2_000).reply(200, projectDocument("demo", { "1.0": {} }));
    const started = Date.now();
    const error = await failure(createPypiRegistry({ timeoutMs: 50 }).project("demo"));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toMatchObject({ kind: "transient", status: null });
    expect(error.message).toBe("PyPI request failed (https://pypi.org/pypi/demo/json): no answer within 50 ms");
  });

  it("treats a connection failure as retryable", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    const error = await failure(createPypiRegistry().project("demo"));
    expect(error).toMatchObject({ kind: "transient" });
  });

  it("calls a refusal (403) denied, and another 4xx invalid: neither is worth a retry", async () => {
    nock("https://pypi.org").get("/pypi/demo/json").reply(403, { message: "Forbidden" }).get("/pypi/other/json").reply(400, { message: "Bad Request" });
    const registry = createPypiRegistry();
    expect(await failure(registry.project("demo"))).toMatchObject({ kind: "denied", status: 403 });
    expect(await failure(registry.project("other"))).toMatchObject({ kind: "invalid", status: 400 });
  });

  it("retries an HTML page where JSON was due (a proxy's outage page), but not JSON of the wrong shape", async () => {
    nock("https://pypi.org")
      .get("/pypi/demo/json")
      .reply(200, "<!doctype html><title>Maintenance</title>", { "content-type": "text/html" })
      .get("/pypi/other/json")
      .reply(200, { info: { name: "other" } });
    const registry = createPypiRegistry();
    expect(await failure(registry.project("demo"))).toMatchObject({ kind: "transient", status: 200 });
    const wrongShape = await failure(registry.project("other"));
    expect(wrongShape).toMatchObject({ kind: "invalid" });
    expect(wrongShape.message).toContain("releases");
  });

  it("reads one release's files and digests from the per-release document", async () => {
    nock("https://pypi.org")
      .get("/pypi/demo/1.2.3/json")
      .reply(200, releaseDocument("demo", "1.2.3", { files: ["demo-1.2.3-py3-none-any.whl", "demo-1.2.3.tar.gz"] }))
      .get("/pypi/demo/9.9/json")
      .reply(404, { message: "Not Found" });
    const registry = createPypiRegistry();
    expect(await registry.releaseFiles("demo", "1.2.3")).toEqual([
      { filename: "demo-1.2.3-py3-none-any.whl", sha256: sha256Of("demo-1.2.3-py3-none-any.whl"), yanked: false },
      { filename: "demo-1.2.3.tar.gz", sha256: sha256Of("demo-1.2.3.tar.gz"), yanked: false },
    ]);
    expect(await failure(registry.releaseFiles("demo", "9.9"))).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("drops a digest that is not a sha256", async () => {
    const document = releaseDocument("demo", "1.0", { files: ["demo-1.0.tar.gz"] });
    document.urls[0]!.digests.sha256 = "not-hex";
    nock("https://pypi.org").get("/pypi/demo/1.0/json").reply(200, document);
    expect(await createPypiRegistry().releaseFiles("demo", "1.0")).toEqual([{ filename: "demo-1.0.tar.gz", sha256: null, yanked: false }]);
  });

  it("follows PyPI's redirect to the project's own spelling", async () => {
    nock("https://pypi.org")
      .get("/pypi/django/json")
      .reply(301, "", { location: "https://pypi.org/pypi/Django/json" })
      .get("/pypi/Django/json")
      .reply(200, projectDocument("Django", { "5.0.1": {} }));
    expect((await createPypiRegistry().project("django"))!.name).toBe("Django");
  });

  it("uses another index's JSON API and an injected fetch when given", async () => {
    const asked: string[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    nock("https://mirror.example.org").get("/pypi/demo/json").reply(200, projectDocument("demo", { "1.0": {} }));
    const registry = createPypiRegistry({ indexUrl: "https://mirror.example.org/pypi/", fetch: fetchSpy });
    expect(await registry.project("demo")).not.toBeNull();
    expect(asked).toEqual(["https://mirror.example.org/pypi/demo/json"]);
  });
});
