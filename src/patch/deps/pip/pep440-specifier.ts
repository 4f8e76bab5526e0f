import { Pep440Version } from "./pep440-version.js";
import { VersionInterval } from "./version-interval.js";

export type Pep440Operator = "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";

export interface Pep440Clause {
  operator: Pep440Operator;
  /** The version as written, without a trailing `.*`. */
  versionText: string;
  /** Null only for `===` with text that is not a PEP 440 version. */
  version: Pep440Version | null;
  /** `==1.2.*` / `!=1.2.*`: prefix matching on the release segment. */
  wildcard: boolean;
  /** Offsets into the specifier text: operator start, version start, end of the clause (after `.*`). */
  start: number;
  versionStart: number;
  end: number;
}

const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>)(\s*)(\S+)$/;

function isReleaseOnly(version: Pep440Version): boolean {
  return version.pre === null && version.post === null && version.dev === null && version.local === null;
}

function parseClause(part: string, offset: number): Pep440Clause | null {
  const match = CLAUSE.exec(part);
  if (!match) return null;
  const operator = match[1] as Pep440Operator;
  const versionStart = offset + match[1]!.length + match[2]!.length;
  const written = match[3]!;
  const end = offset + part.length;
  if (operator === "===") {
    return { operator, versionText: written, version: Pep440Version.parse(written), wildcard: false, start: offset, versionStart, end };
  }
  const wildcard = written.endsWith(".*");
  if (wildcard && operator !== "==" && operator !== "!=") return null;
  const versionText = wildcard ? written.slice(0, -2) : written;
  const version = Pep440Version.parse(versionText);
  if (!version || versionText.includes(" ")) return null;
  // PEP 440: a prefix is release numbers only; local labels only with ==/!=; ~= needs two numbers.
  if (wildcard && !isReleaseOnly(version)) return null;
  if (version.local !== null && operator !== "==" && operator !== "!=") return null;
  if (operator === "~=" && version.release.length < 2) return null;
  return { operator, versionText, version, wildcard, start: offset, versionStart, end };
}

function bumpLast(release: readonly bigint[]): bigint[] {
  const bumped = [...release];
  bumped[bumped.length - 1] = bumped[bumped.length - 1]! + 1n;
  return bumped;
}

function devZero(epoch: bigint, release: readonly bigint[]): Pep440Version {
  return new Pep440Version({ epoch, release, pre: null, post: null, dev: 0n, local: null });
}

/** Every version that starts with `prefix` (`1.2.*`): from `1.2.dev0` up to, not including, `1.3.dev0`. */
function prefixInterval(prefix: Pep440Version): VersionInterval {
  return new VersionInterval(
    { version: devZero(prefix.epoch, prefix.release), inclusive: true },
    { version: devZero(prefix.epoch, bumpLast(prefix.release)), inclusive: false },
    [],
  );
}

function matchesPrefix(candidate: Pep440Version, prefix: Pep440Version): boolean {
  if (candidate.epoch !== prefix.epoch) return false;
  // The candidate's release is padded with zeros, so `1.*` and `1.0.*` both match `1`.
  return prefix.release.every((part, i) => (candidate.release[i] ?? 0n) === part);
}

/**
 * A PEP 440 version specifier set (`>=1.0, !=1.3.*, <2`), evaluated as pip evaluates it,
 * with the clause offsets kept so an edit can change one version and leave the rest as written.
 */
export class Pep440Specifier {
  private constructor(
    readonly text: string,
    readonly clauses: readonly Pep440Clause[],
  ) {}

  /** Null when any clause is not valid PEP 440; blank text is the empty set (admits everything). */
  static parse(text: string): Pep440Specifier | null {
    if (text.trim() === "") return new Pep440Specifier(text, []);
    const clauses: Pep440Clause[] = [];
    let offset = 0;
    for (const part of text.split(",")) {
      const leading = part.length - part.trimStart().length;
      const clause = parseClause(part.trim(), offset + leading);
      if (!clause) return null;
      clauses.push(clause);
      offset += part.length + 1;
    }
    return new Pep440Specifier(text, clauses);
  }

  /** PEP 440: a specifier that names a pre-release (other than through `!=`) opts in to pre-releases. */
  get prereleases(): boolean {
    return this.clauses.some((clause) => clause.operator !== "!=" && clause.version !== null && clause.version.isPrerelease);
  }

  /**
   * Does the set admit `version`? Pre-releases are admitted only when the set names one or the
   * caller opts in; PEP 440's fallback (pre-releases when no final release matches) is a choice
   * among candidates and belongs to whoever picks one.
   */
  contains(version: Pep440Version, options: { prereleases?: boolean } = {}): boolean {
    const prereleases = options.prereleases ?? this.prereleases;
    if (version.isPrerelease && !prereleases) return false;
    return this.clauses.every((clause) => clauseContains(clause, version));
  }

  /** An over-approximation of the admitted versions (see VersionInterval). */
  interval(): VersionInterval {
    return this.clauses.reduce((interval, clause) => interval.intersect(clauseInterval(clause)), VersionInterval.all);
  }
}

function clauseContains(clause: Pep440Clause, candidate: Pep440Version): boolean {
  const spec = clause.version;
  if (clause.operator === "===") return candidate.toString().toLowerCase() === clause.versionText.toLowerCase();
  if (spec === null) return false;
  const publicCandidate = candidate.public;
  switch (clause.operator) {
    case "==":
    case "!=": {
      let equal: boolean;
      if (clause.wildcard) equal = matchesPrefix(publicCandidate, spec);
      // Local labels count only when the specifier names one.
      else equal = (spec.local === null ? publicCandidate : candidate).equals(spec);
      return clause.operator === "==" ? equal : !equal;
    }
    case "<=":
      return publicCandidate.compare(spec) <= 0;
    case ">=":
      return publicCandidate.compare(spec) >= 0;
    case "<":
      // `<3.1` must not admit 3.1's own pre-releases unless it names one itself.
      if (publicCandidate.compare(spec) >= 0) return false;
      return spec.isPrerelease || !candidate.isPrerelease || !candidate.base.equals(spec.base);
    case ">":
      // `>1.7` must not admit 1.7's post-releases (unless it names one) nor 1.7's local versions.
      if (publicCandidate.compare(spec) <= 0) return false;
      if (!spec.isPostrelease && candidate.isPostrelease && candidate.base.equals(spec.base)) return false;
      return candidate.local === null || !candidate.base.equals(spec.base);
    case "~=": {
      const prefix = new Pep440Version({ epoch: spec.epoch, release: spec.release.slice(0, -1), pre: null, post: null, dev: null, local: null });
      return publicCandidate.compare(spec) >= 0 && matchesPrefix(publicCandidate, prefix);
    }
  }
}

function clauseInterval(clause: Pep440Clause): VersionInterval {
  const spec = clause.version;
  // `===` with a non-PEP 440 string matches no version that a PEP 440 range can name.
  if (spec === null) return VersionInterval.none;
  // Intervals live among public versions: local labels are builds of the same release.
  const version = spec.public;
  switch (clause.operator) {
    case "==":
    case "===":
      return clause.wildcard ? prefixInterval(version) : VersionInterval.point(version);
    case "!=":
      return clause.wildcard || spec.local !== null ? VersionInterval.all : new VersionInterval(null, null, [version]);
    case ">=":
      return new VersionInterval({ version, inclusive: true }, null, []);
    case ">":
      return new VersionInterval({ version, inclusive: false }, null, []);
    case "<=":
      return new VersionInterval(null, { version, inclusive: true }, []);
    case "<":
      return new VersionInterval(null, { version, inclusive: false }, []);
    case "~=": {
      const upper = prefixInterval(new Pep440Version({ ...version, release: version.release.slice(0, -1), pre: null, post: null, dev: null })).upper;
      return new VersionInterval({ version, inclusive: true }, upper, []);
    }
  }
}
