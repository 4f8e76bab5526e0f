import type { SecfixConfig } from "../config/config.schema.js";
import type { AuditEventInput } from "../domain/audit-event.js";
import type { RepositoryRef } from "../domain/finding.js";
import type { JobLease } from "../domain/job.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { GitHubClient, RepoCoordinates } from "../github/github-client.js";
import type { StoreTx } from "../store/store.js";
import type { CommandTarget } from "./command-target.js";
import type { PipelineDeps } from "./pipeline-deps.js";

/** Everything a command's effect needs: who asked, on what, and the means to act and record. */
export interface CommandContext {
  deps: PipelineDeps;
  github: GitHubClient;
  coordinates: RepoCoordinates;
  installationId: number;
  repository: RepositoryRef;
  config: SecfixConfig;
  identity: AppIdentity;
  target: CommandTarget;
  /** The commenter's login, as GitHub gave it. */
  author: string;
  comment: { id: number; url: string; createdAt: string };
  lease: JobLease;
  now: () => string;
  /** Writes in one transaction fenced by the job's lease, with audit events under the target's subject by the commenter. */
  record: (write: (tx: StoreTx) => Promise<void>, events: Pick<AuditEventInput, "action" | "details">[]) => Promise<void>;
}
