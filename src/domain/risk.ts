export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** One reason a fix is as risky as it is; every reason is shown, not only the deciding one. */
export interface RiskReason {
  /** What was looked at: `customer_facing`, `importers`, `semver`, `scope`, `strategy`, ... */
  factor: string;
  level: RiskLevel;
  detail: string;
}

/** What a fix could break, measured before anything ships. */
export interface BlastRadius {
  changedFiles: string[];
  /** Per changed source file, the files that import it. */
  importers: Record<string, string[]>;
  /** Set when not every candidate file could be read (the tree was too large): the count is a floor. */
  importersPartial: string | null;
  customerFacing: { path: string; patterns: string[] }[];
  /** Per changed file, its owners from CODEOWNERS (none when no rule matches). */
  owners: Record<string, string[]>;
  dependencies: DependencyBlast[];
}

export interface DependencyBlast {
  name: string;
  ecosystem: string;
  fromVersion: string;
  toVersion: string;
  delta: "major" | "minor" | "patch" | "none";
  scope: "runtime" | "development" | "unknown";
  relationship: "direct" | "transitive" | "unknown";
  /** Other repositories of the installation secfix knows to use the package (from their alerts). */
  otherRepositories: string[];
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
  blast: BlastRadius;
  assessedAt: string;
  /** The head commit the assessment is about. */
  headSha: string;
}
