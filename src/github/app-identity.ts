import type { GitHubClient } from "./github-client.js";

export interface AppIdentity {
  appId: number;
  slug: string;
  /** The login GitHub gives the app's commits, comments and pull requests: `<slug>[bot]`. */
  botLogin: string;
}

/** Who secfix is on GitHub; `appOctokit` must be authenticated as the app (JWT), not an installation. */
export async function getAppIdentity(appOctokit: GitHubClient): Promise<AppIdentity> {
  const { data } = await appOctokit.rest.apps.getAuthenticated();
  // The description allows an empty body (a 200 with no app); without a slug there is no bot login.
  if (!data?.slug) throw new Error("GET /app answered without the app's slug; is the client authenticated as the app?");
  return { appId: data.id, slug: data.slug, botLogin: `${data.slug}[bot]` };
}

/**
 * Whether the author is this app itself. `[bot]` logins cannot be registered by people, so an
 * exact login match on a Bot account is identity, not a look-alike name.
 */
export function isAppAuthor(identity: AppIdentity, author: { login: string | null; type: string | null }): boolean {
  return author.type === "Bot" && author.login === identity.botLogin;
}
