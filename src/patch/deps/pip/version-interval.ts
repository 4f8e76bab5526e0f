import { Pep440Version } from "./pep440-version.js";

export interface VersionBound {
  version: Pep440Version;
  inclusive: boolean;
}

function tighterLower(a: VersionBound | null, b: VersionBound | null): VersionBound | null {
  if (a === null || b === null) return a ?? b;
  const order = a.version.compare(b.version);
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: VersionBound | null, b: VersionBound | null): VersionBound | null {
  if (a === null || b === null) return a ?? b;
  const order = a.version.compare(b.version);
  if (order !== 0) return order < 0 ? a : b;
  return a.inclusive ? b : a;
}

/**
 * A span of public versions (local labels are builds of the same release), with single versions
 * cut out (`!=`). It over-approximates what a specifier
 * admits (PEP 440's pre-release and local-label exclusions are left out), so "does not overlap a
 * vulnerable range" stays a safe conclusion: the only error it can make is to call a safe
 * requirement unsafe.
 */
export class VersionInterval {
  static readonly all = new VersionInterval(null, null, []);
  static readonly none = new VersionInterval(
    { version: Pep440Version.parse("0")!, inclusive: false },
    { version: Pep440Version.parse("0")!, inclusive: false },
    [],
  );

  constructor(
    readonly lower: VersionBound | null,
    readonly upper: VersionBound | null,
    readonly excluded: readonly Pep440Version[],
  ) {}

  static point(version: Pep440Version): VersionInterval {
    return new VersionInterval({ version, inclusive: true }, { version, inclusive: true }, []);
  }

  intersect(other: VersionInterval): VersionInterval {
    return new VersionInterval(
      tighterLower(this.lower, other.lower),
      tighterUpper(this.upper, other.upper),
      [...this.excluded, ...other.excluded],
    );
  }

  /** Versions are dense (there is always one between two others), so only bounds can make it empty. */
  get isEmpty(): boolean {
    if (this.lower === null || this.upper === null) return false;
    const order = this.lower.version.compare(this.upper.version);
    if (order !== 0) return order > 0;
    if (!this.lower.inclusive || !this.upper.inclusive) return true;
    return this.excluded.some((version) => version.equals(this.lower!.version));
  }

  overlaps(other: VersionInterval): boolean {
    return !this.intersect(other).isEmpty;
  }

  contains(version: Pep440Version): boolean {
    return !this.intersect(VersionInterval.point(version)).isEmpty;
  }
}
