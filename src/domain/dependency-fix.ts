/** One advisory's hold on a package: the versions it makes vulnerable and the first fixed one. */
export interface VulnerableRange {
  ghsaId: string;
  cveId: string | null;
  severity: string;
  /** GitHub's notation: comma-separated conditions, e.g. `>= 2.9.0, < 2.9.18`, or `= 1.0.0`. */
  range: string;
  /** null when no patched version exists. */
  firstPatchedVersion: string | null;
}

/** A file as a patch leaves it: `after` null deletes it, `before` null creates it. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string | null;
}

export type DependencyStrategy =
  | "npm-direct"
  | "npm-transitive"
  | "npm-parent-bump"
  | "npm-override"
  | "pip-requirements"
  | "pip-pyproject";

/** What a dependency patcher concluded for one plan; every branch says why in words for people. */
export type DependencyPatchOutcome =
  | {
      status: "patched";
      strategy: DependencyStrategy;
      files: FileChange[];
      packageName: string;
      fromVersion: string;
      toVersion: string;
      relationship: "direct" | "transitive";
      /** `package@version ← parent@version ← … ← (root)` as it stands after the fix. */
      chain: string[];
      /** The parent whose bump pulled the fix in, for `npm-parent-bump`. */
      parentBump?: { name: string; fromVersion: string; toVersion: string };
      explanation: string[];
    }
  | {
      status: "no_fix";
      reason: string;
      /** The chain that blocks the fix: `package@version ← parent@version ← …`. */
      chain?: string[];
    }
  | { status: "unsupported"; reason: string };

/** Reads files of the repository at the commit the fix is computed on; null when absent. */
export interface RepoFiles {
  read(path: string): Promise<string | null>;
}

export interface DependencyPatchRequest {
  ecosystem: string;
  packageName: string;
  /** The manifest GitHub names in the alert: a manifest or a lockfile, anywhere in the repository. */
  manifestPath: string;
  vulnerabilities: VulnerableRange[];
  /** Config `dependencies.allow_overrides`: may an `overrides` entry force a transitive version. */
  allowOverrides: boolean;
}

export interface DependencyPatcher {
  readonly ecosystem: string;
  patch(request: DependencyPatchRequest, files: RepoFiles): Promise<DependencyPatchOutcome>;
}
