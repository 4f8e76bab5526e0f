import type { CheckRunInput } from "./create-check-run.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export type CheckRunAnnotation = NonNullable<CheckRunInput["annotations"]>[number];

/** GitHub takes at most 50 annotations per request and appends those of later updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** More than this is noise on a pull request; the summary says how many were left out. */
export const MAX_ANNOTATIONS = 500;

/** A check run shown as running on the commit while the gates work; returns its id. */
export async function startCheckRun(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { name: string; headSha: string; title: string; summary: string },
): Promise<number> {
  const { data } = await github.rest.checks.create({
    ...repo,
    name: input.name,
    head_sha: input.headSha,
    status: "in_progress",
    output: { title: input.title, summary: input.summary },
  });
  return data.id;
}

/** Replaces the running check's output; it stays in progress. */
export async function updateCheckRunProgress(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: { checkRunId: number; title: string; summary: string },
): Promise<void> {
  // No `status` here: if the run completed meanwhile, a late progress note must not reopen it.
  await github.rest.checks.update({ ...repo, check_run_id: input.checkRunId, output: { title: input.title, summary: input.summary } });
}

/**
 * Completes the check with its conclusion. The conclusion travels with the first request so the
 * verdict lands even if a later annotation batch fails; further batches only append annotations.
 */
export async function completeCheckRun(
  github: GitHubClient,
  repo: RepoCoordinates,
  input: {
    checkRunId: number;
    conclusion: "success" | "failure" | "neutral" | "action_required";
    title: string;
    summary: string;
    text?: string;
    annotations?: CheckRunAnnotation[];
  },
): Promise<void> {
  const all = input.annotations ?? [];
  const kept = all.slice(0, MAX_ANNOTATIONS);
  const summary =
    all.length > kept.length ? `${input.summary}\n\n_Showing the first ${kept.length} of ${all.length} annotations._` : input.summary;
  const output = { title: input.title, summary, ...(input.text !== undefined && { text: input.text }) };
  const batches: CheckRunAnnotation[][] = [];
  for (let i = 0; i < kept.length; i += ANNOTATIONS_PER_REQUEST) batches.push(kept.slice(i, i + ANNOTATIONS_PER_REQUEST));

  await github.rest.checks.update({
    ...repo,
    check_run_id: input.checkRunId,
    status: "completed",
    conclusion: input.conclusion,
    output: { ...output, ...(batches[0] !== undefined && { annotations: batches[0] }) },
  });
  for (const batch of batches.slice(1)) {
    await github.rest.checks.update({ ...repo, check_run_id: input.checkRunId, output: { ...output, annotations: batch } });
  }
}
