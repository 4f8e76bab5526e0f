import nock from "nock";
import { describe, expect, it } from "vitest";
import { createNpmRegistry, packumentPath } from "../../src/registry/npm-registry.js";
import { isTransientRegistryError, RegistryError } from "../../src/registry/registry-error.js";

const REGISTRY = "https://registry.npmjs.org";
const packument = { name: "left-pad", "dist-tags": { latest: "1.3.0" }, versions: { "1.3.0": { name: "left-pad", version: "1.3.0", dist: { tarball: "t" } } } };

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`);
  return error;
}

describe("createNpmRegistry", () => {
  it("asks for the full packument as JSON and reads it once per package", async () => {
    const scope = nock(REGISTRY, { reqheaders: { accept: "application/json" } })
      .get("/left-pad")
      .once()
      .reply(200, packument);
    const registry = createNpmRegistry();

    const [first, second] = await Promise.all([registry.packument("left-pad"), registry.packument("left-pad")]);
    const third = await registry.packument("left-pad");

    expect(first.versions["1.3.0"]?.version).toBe("1.3.0");
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(registry.requestCount()).toBe(1);
    scope.done();
  });

  it("encodes the slash of a scoped name like the npm CLI", async () => {
    expect(packumentPath("@types/node")).toBe("@types%2fnode");
    const scope = nock(REGISTRY).get("/@types%2fnode").reply(200, { ...packument, name: "@types/node" });

    await createNpmRegistry().packument("@types/node");

    scope.done();
  });

  it("sends the token as a bearer credential to the configured registry", async () => {
    const scope = nock("https://npm.example.com", { reqheaders: { authorization: "Bearer s3cret" } })
      .get("/private/left-pad")
      .reply(200, packument);

    await createNpmRegistry({ registryUrl: "https://npm.example.com/private", token: "s3cret" }).packument("left-pad");

    scope.done();
  });

  it("routes each package by the project's .npmrc, expanding ${VAR} tokens", async () => {
    const npmrc = "@acme:registry=https://npm.pkg.github.com/\n//npm.pkg.github.com/:_authToken=${GH_TOKEN}\n";
    const internal = nock("https://npm.pkg.github.com", { reqheaders: { authorization: "Bearer ghp_x" } })
      .get("/@acme%2futil")
      .reply(200, { ...packument, name: "@acme/util" });
    const publicRegistry = nock(REGISTRY, { badheaders: ["authorization"] }).get("/left-pad").reply(200, packument);
    const registry = createNpmRegistry({ npmrc: { text: npmrc, env: { GH_TOKEN: "ghp_x" } } });

    await registry.packument("@acme/util");
    await registry.packument("left-pad");

    internal.done();
    publicRegistry.done();
  });

  it("tells a missing package (permanent) from a failing registry (retryable)", async () => {
    nock(REGISTRY).get("/nope").reply(404, { error: "Not found" });
    nock(REGISTRY).get("/left-pad").reply(502, "bad gateway");
    nock(REGISTRY).get("/busy").reply(429, "slow down");
    const registry = createNpmRegistry();

    const missing = await failure(registry.packument("nope"));
    const down = await failure(registry.packument("left-pad"));
    const busy = await failure(registry.packument("busy"));

    expect({ kind: missing.kind, status: missing.status, transient: isTransientRegistryError(missing) }).toEqual({ kind: "not_found", status: 404, transient: false });
    expect(missing.message).toBe("nope is not published on https://registry.npmjs.org/ (404)");
    expect({ kind: down.kind, transient: isTransientRegistryError(down) }).toEqual({ kind: "transient", transient: true });
    expect(isTransientRegistryError(busy)).toBe(true);
  });

  it("asks again after a failure instead of caching it", async () => {
    nock(REGISTRY).get("/left-pad").reply(500, "oops");
    nock(REGISTRY).get("/left-pad").reply(200, packument);
    const registry = createNpmRegistry();

    await failure(registry.packument("left-pad"));
    const second = await registry.packument("left-pad");

    expect(second.name).toBe("left-pad");
    expect(registry.requestCount()).toBe(2);
  });

  it("gives up after the timeout with a transient error", async () => {
    nock(REGISTRY).get("/left-pad").delay(300).reply(200, packument);

    const error = await failure(createNpmRegistry({ timeoutMs: 30 }).packument("left-pad"));

    expect(error.kind).toBe("transient");
    expect(error.message).toBe("Could not read left-pad from https://registry.npmjs.org/: no answer within 30 ms");
  });

  it("says a refused token was refused, without printing it", async () => {
    nock("https://npm.example.com").get("/left-pad").reply(401, "no");

    const error = await failure(createNpmRegistry({ registryUrl: "https://npm.example.com", token: "tok-123" }).packument("left-pad"));

    expect(error.kind).toBe("denied");
    expect(error.message).toBe("https://npm.example.com/ refused to serve left-pad (401): the configured token was refused");
    expect(error.message).not.toContain("tok-123");
  });

  it("rejects an answer that is not a packument", async () => {
    nock(REGISTRY).get("/html").reply(200, "<html>captive portal</html>");
    nock(REGISTRY).get("/empty").reply(200, { name: "empty" });
    const registry = createNpmRegistry();

    expect((await failure(registry.packument("html"))).message).toBe("https://registry.npmjs.org/ sent metadata for html that is not JSON");
    expect((await failure(registry.packument("empty"))).kind).toBe("invalid");
  });
});
