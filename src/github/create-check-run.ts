import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface CheckRunInput {
  name: string;
  headSha: string;
  conclusion: "success" | "failure" | "neutral" | "action_required";
  title: string;
  summary: string;
  text?: string;
  externalId?: string;
  /** At most 50 per request (GitHub's limit); the rest are dropped. */
  annotations?: { path: string; start_line: number; end_line: number; annotation_level: "notice" | "warning" | "failure"; message: string; title?: string }[];
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
    output: {
      title: input.title,
      summary: input.summary,
      ...(input.text !== undefined && { text: input.text }),
      ...(input.annotations?.length && { annotations: input.annotations.slice(0, 50) }),
    },
  });
  return data.id;
}
