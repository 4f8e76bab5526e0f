import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { getAppIdentity, isAppAuthor, type AppIdentity } from "../../src/github/app-identity.js";
import { mockGitHub, useStrictGitHub } from "../helpers/github-mock.js";

useStrictGitHub();

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** An Octokit authenticated as the app itself (a JWT signed with a throwaway key), as `probot.auth()` gives. */
async function appOctokit(): Promise<ProbotOctokit> {
  const probot = new Probot({
    appId: 424242,
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  return probot.auth();
}

/** `apps/get-authenticated`, shaped like GitHub's example. */
function app(slug: string | undefined) {
  return {
    id: 424242,
    ...(slug === undefined ? {} : { slug }),
    client_id: "Iv1.ab1112223334445c",
    node_id: "MDExOkludGVncmF0aW9uMQ==",
    owner: { login: "acme", id: 1, node_id: "MDEyOk9yZ2FuaXphdGlvbjE=", avatar_url: "https://github.com/images/error/octocat_happy.gif", gravatar_id: "", url: "https://api.github.com/users/acme", html_url: "https://github.com/acme", type: "Organization", site_admin: false },
    name: "secfix",
    description: "Turns security alerts into fix pull requests",
    external_url: "https://secfix.example.com",
    html_url: "https://github.com/apps/secfix",
    created_at: "2024-07-08T16:18:44-04:00",
    updated_at: "2024-07-08T16:18:44-04:00",
    permissions: { metadata: "read", contents: "write", pull_requests: "write", checks: "write" },
    events: ["pull_request", "code_scanning_alert", "dependabot_alert"],
    installations_count: 3,
  };
}

const identity: AppIdentity = { appId: 424242, slug: "secfix", botLogin: "secfix[bot]" };

describe("getAppIdentity", () => {
  it("reads the app's id and slug with the app's JWT and derives its bot login", async () => {
    mockGitHub()
      .get("/app")
      .matchHeader("authorization", /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i)
      .reply(200, app("secfix"));

    await expect(getAppIdentity(await appOctokit())).resolves.toEqual(identity);
  });

  it("refuses an answer without a slug rather than invent a bot login", async () => {
    mockGitHub().get("/app").reply(200, app(undefined));
    await expect(getAppIdentity(await appOctokit())).rejects.toThrow(/without the app's slug/);
  });

  it("throws when GitHub rejects the app's credentials", async () => {
    mockGitHub().get("/app").reply(401, { message: "A JSON web token could not be decoded" });
    await expect(getAppIdentity(await appOctokit())).rejects.toMatchObject({ status: 401 });
  });
});

describe("isAppAuthor", () => {
  it("recognises the app's own bot account", () => {
    expect(isAppAuthor(identity, { login: "secfix[bot]", type: "Bot" })).toBe(true);
  });

  it("rejects a person, another app, a look-alike and an unknown author", () => {
    expect(isAppAuthor(identity, { login: "secfix", type: "User" })).toBe(false);
    expect(isAppAuthor(identity, { login: "secfix[bot]", type: "User" })).toBe(false);
    expect(isAppAuthor(identity, { login: "dependabot[bot]", type: "Bot" })).toBe(false);
    expect(isAppAuthor(identity, { login: "Secfix[bot]", type: "Bot" })).toBe(false);
    expect(isAppAuthor(identity, { login: "secfix[bot] ", type: "Bot" })).toBe(false);
    expect(isAppAuthor(identity, { login: null, type: null })).toBe(false);
    expect(isAppAuthor(identity, { login: "secfix[bot]", type: null })).toBe(false);
  });
});
