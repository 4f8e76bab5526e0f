import type { Logger } from "probot";
import type { DependencyPatcher, RepoFiles } from "../domain/dependency-fix.js";
import type { SecfixConfig } from "../config/config.schema.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { GitHubClient } from "../github/github-client.js";
import type { LlmFixer } from "../patch/llm/create-llm-fixer.js";
import type { Store } from "../store/store.js";

/** What the job handlers need from the outside world; tests pass the real store and a nock-backed GitHub. */
export interface PipelineDeps {
  store: Store;
  /** An Octokit authenticated as the installation (Probot's `app.auth(id)`). */
  github: (installationId: number) => Promise<GitHubClient>;
  clock: () => Date;
  log: Logger;
  /**
   * The patcher for an ecosystem, or null when it is not supported. Gets the repository's files so
   * it can honour a private registry named in `.npmrc`.
   */
  dependencyPatcher: (ecosystem: string, files: RepoFiles) => Promise<DependencyPatcher | null>;
  /** The model fixer for a repository's AI settings, or null when AI is off or no endpoint is configured. */
  llmFixer: (ai: SecfixConfig["ai"]) => LlmFixer | null;
  /** secfix's own GitHub App: its check runs are not CI, and only its pull requests may be auto-merged. */
  appIdentity: () => Promise<AppIdentity>;
  /**
   * Whether a package version exists on its registry (the one the repository's `.npmrc` names,
   * within the operator's allowlist); null when secfix has no registry for the ecosystem.
   */
  packageVersionExists: (ecosystem: string, name: string, version: string, files: RepoFiles) => Promise<boolean | null>;
}
