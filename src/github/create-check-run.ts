import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface CheckRunInput {
  name: string;
  headSha: string;
  conclusion: "success" | "failure" | "neutral" | "action_required";
  title: string;
  summary: string;
  text?: string;
  externalId?: string;
}

/** A completed check run on a commit; returns its id. */
export async function createCheckRun(github: GitHubClient, repo: RepoCoordinates, input: CheckRunInput): Promise<number> {
  const { data } = await github.rest.checks.create({
    ...repo,
    name: input.name,
    head_sha: input.headSha,
    status: "completed",
    conclusion: input.conclusion,
    ...(input.externalId !== undefined && { external_id: input.externalId }),
    output: { title: input.title, summary: input.summary, ...(input.text !== undefined && { text: input.text }) },
  });
  return data.id;
}
