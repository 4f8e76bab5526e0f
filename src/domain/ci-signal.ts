/** A check run on a commit, as the Checks API reports it. */
export interface CiCheckRun {
  name: string;
  /** The GitHub App that owns the run; null when GitHub does not say. */
  appId: number | null;
  appSlug: string | null;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  /** Set once completed: success, failure, neutral, cancelled, skipped, timed_out, action_required, stale. */
  conclusion: string | null;
  url: string | null;
}

/** A commit status (the older Statuses API), latest per context. */
export interface CiStatus {
  context: string;
  state: "error" | "failure" | "pending" | "success";
  url: string | null;
}

/** A check the base branch requires before merging, from branch protection or a ruleset. */
export interface RequiredCheck {
  context: string;
  /** The app that must report it, when the rule pins one. */
  appId: number | null;
  source: "branch_protection" | "ruleset";
}

/** What secfix could learn of the base branch's required checks; `unreadable` says why not. */
export interface RequiredChecks {
  checks: RequiredCheck[];
  unreadable: string | null;
}
