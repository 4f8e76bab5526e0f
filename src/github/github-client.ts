import type { ProbotOctokit } from "probot";

/** An installation-authenticated Octokit with Probot's plugins (throttling, retry, config, paginate). */
export type GitHubClient = ProbotOctokit;

export interface RepoCoordinates {
  owner: string;
  repo: string;
}
