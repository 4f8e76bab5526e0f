import type { GitHubClient } from "./github-client.js";

export interface AffectingAdvisory {
  ghsaId: string;
  /** critical, high, medium, low or unknown. */
  severity: string;
  summary: string;
}

type AdvisoryEcosystem = "rubygems" | "npm" | "pip" | "maven" | "nuget" | "composer" | "go" | "rust" | "erlang" | "actions" | "pub" | "swift";

/**
 * The advisory database's ecosystem for a package ecosystem name. Dependabot alerts already use
 * the database's names; Dependabot's configuration and branch names (`npm_and_yarn`, `cargo`, ...)
 * are accepted too, since both reach secfix.
 */
const ADVISORY_ECOSYSTEM: Record<string, AdvisoryEcosystem> = {
  npm: "npm",
  npm_and_yarn: "npm",
  pip: "pip",
  rubygems: "rubygems",
  bundler: "rubygems",
  maven: "maven",
  nuget: "nuget",
  composer: "composer",
  go: "go",
  gomod: "go",
  go_modules: "go",
  rust: "rust",
  cargo: "rust",
  erlang: "erlang",
  mix: "erlang",
  actions: "actions",
  "github-actions": "actions",
  github_actions: "actions",
  pub: "pub",
  swift: "swift",
};

export class UnsupportedAdvisoryEcosystemError extends Error {
  constructor(readonly ecosystem: string) {
    super(`the GitHub Advisory Database has no ecosystem for ${JSON.stringify(ecosystem)}`);
    this.name = "UnsupportedAdvisoryEcosystemError";
  }
}

/** The advisory database's name for `ecosystem`, or null when it has none. */
export function advisoryEcosystem(ecosystem: string): AdvisoryEcosystem | null {
  return ADVISORY_ECOSYSTEM[ecosystem.toLowerCase()] ?? null;
}

/**
 * GitHub-reviewed advisories that affect `name` at exactly `version`, withdrawn ones left out.
 * An ecosystem the database does not know throws rather than answering "no advisories", since
 * an empty answer would read as "this version is safe".
 */
export async function advisoriesAffecting(
  github: GitHubClient,
  ecosystem: string,
  name: string,
  version: string,
): Promise<AffectingAdvisory[]> {
  const databaseEcosystem = advisoryEcosystem(ecosystem);
  if (databaseEcosystem === null) throw new UnsupportedAdvisoryEcosystemError(ecosystem);
  // `type` is explicit: GitHub only defaults to reviewed advisories when no other filter is given.
  const advisories = await github.paginate(github.rest.securityAdvisories.listGlobalAdvisories, {
    ecosystem: databaseEcosystem,
    affects: `${name}@${version}`,
    type: "reviewed",
    per_page: 100,
  });
  return advisories
    .filter((advisory) => !advisory.withdrawn_at)
    .map((advisory) => ({ ghsaId: advisory.ghsa_id, severity: advisory.severity, summary: advisory.summary }));
}
