/** Who caused an audit event: secfix itself, a GitHub user, or GitHub (a webhook). */
export interface AuditActor {
  type: "secfix" | "user" | "github";
  login: string;
}

export interface AuditEventInput {
  actor: AuditActor;
  installationId: number | null;
  repository: string | null;
  /** What the event is about, e.g. `finding:123:dependabot:4` or `config:owner/repo`. */
  subject: string;
  /** Dotted verb, e.g. `finding.triaged`. */
  action: string;
  details: Record<string, unknown>;
}

/** One link of the append-only, hash-chained audit log. */
export interface AuditEvent extends AuditEventInput {
  sequence: number;
  at: string;
  previousHash: string;
  hash: string;
}

/** The hash that stands before the first event. */
export const GENESIS_HASH = "0".repeat(64);
