import type { VulnerableRange } from "./dependency-fix.js";
import type { DependencyScope, RepositoryRef } from "./finding.js";

export type DependencyFixGrouping = "package" | "advisory" | "manifest";

/** One package in one manifest directory, with every advisory the fix must clear. */
export interface DependencyFixItem {
  packageName: string;
  manifestPath: string;
  vulnerabilities: VulnerableRange[];
  findingIds: string[];
  relationship: "direct" | "transitive" | "unknown";
  scope: DependencyScope;
}

/** What one fix PR will change: one or more packages, fixed together on one branch. */
export interface DependencyFixPlan {
  /** Deterministic within the repository, e.g. `npm:packages/api:lodash`. */
  key: string;
  grouping: DependencyFixGrouping;
  ecosystem: string;
  repository: RepositoryRef;
  installationId: number;
  items: DependencyFixItem[];
}
