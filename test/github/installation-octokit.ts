import { Probot, ProbotOctokit } from "probot";

/** An installation Octokit as Probot builds it, without retries or throttling so a test sees each request once. */
export async function installationOctokit(): Promise<ProbotOctokit> {
  const probot = new Probot({
    githubToken: "test",
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  return probot.auth(1);
}
