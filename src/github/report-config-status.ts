import type { ProbotOctokit } from "probot";
import { configProblemsFingerprint } from "../config/config-problems-fingerprint.js";
import { renderConfigProblems, renderConfigValid } from "../config/render-config-problems.js";
import type { ConfigResult } from "../config/validate-config.js";

export const CONFIG_CHECK_NAME = "secfix config";

/**
 * Tells the repository owner, on the default branch's head commit, whether secfix can use its config.
 * Returns the check run id. When to call it (once per distinct breakage, and once more when fixed)
 * is the caller's decision.
 */
export async function reportConfigStatus(
  octokit: Pick<ProbotOctokit, "rest">,
  { owner, repo, headSha, result }: { owner: string; repo: string; headSha: string; result: ConfigResult },
): Promise<number> {
  const common = { owner, repo, name: CONFIG_CHECK_NAME, head_sha: headSha, status: "completed" as const };
  const { data } =
    result.status === "invalid"
      ? await octokit.rest.checks.create({
          ...common,
          conclusion: "failure",
          // Lets the caller find the run that reported this exact breakage.
          external_id: configProblemsFingerprint(result.problems),
          output: renderConfigProblems(result.problems, { owner, repo }),
        })
      : await octokit.rest.checks.create({ ...common, conclusion: "success", output: renderConfigValid(result) });
  return data.id;
}
