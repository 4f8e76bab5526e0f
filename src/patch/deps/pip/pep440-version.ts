export type Pep440PreLabel = "a" | "b" | "rc";

export interface Pep440VersionParts {
  epoch: bigint;
  release: readonly bigint[];
  pre: { label: Pep440PreLabel; number: bigint } | null;
  post: bigint | null;
  dev: bigint | null;
  /** Local label parts; numbers are kept apart from words because PEP 440 orders them differently. */
  local: readonly (bigint | string)[] | null;
}

// PEP 440 appendix B (as `packaging` spells it), anchored and case-insensitive.
const VERSION = new RegExp(
  "^\\s*v?" +
    "(?:(?<epoch>[0-9]+)!)?" +
    "(?<release>[0-9]+(?:\\.[0-9]+)*)" +
    "(?:[-_.]?(?<preLabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preNumber>[0-9]+)?)?" +
    "(?:-(?<implicitPost>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?" +
    "(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?" +
    "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?" +
    "\\s*$",
  "i",
);

const PRE_LABELS: Record<string, Pep440PreLabel> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  rc: "rc",
  pre: "rc",
  preview: "rc",
};
const PRE_RANK: Record<Pep440PreLabel, number> = { a: 0, b: 1, rc: 2 };

/** A slot that sorts before or after every value, as `packaging`'s comparison key does. */
type Slot = { at: -1 } | { at: 1 } | { at: 0; values: readonly bigint[] };
const BEFORE: Slot = { at: -1 };
const AFTER: Slot = { at: 1 };

function compareBigints(a: readonly bigint[], b: readonly bigint[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareSlots(a: Slot, b: Slot): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.at === 0 && b.at === 0 ? compareBigints(a.values, b.values) : 0;
}

function compareLocal(a: Pep440VersionParts["local"], b: Pep440VersionParts["local"]): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    // PEP 440: numeric local segments sort after alphanumeric ones; words compare as strings.
    if (typeof x !== typeof y) return typeof x === "string" ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function stripTrailingZeros(release: readonly bigint[]): bigint[] {
  const trimmed = [...release];
  while (trimmed.length > 1 && trimmed[trimmed.length - 1] === 0n) trimmed.pop();
  return trimmed;
}

/**
 * A PEP 440 version: parsed, normalised (`1.0-ALPHA.1` is `1.0a1`) and ordered as pip orders it
 * (`1.0.dev1 < 1.0a1 < 1.0 < 1.0+local < 1.0.post1`, trailing zeros ignored: `1.0 == 1.0.0`).
 * Numbers are bigints because date-like releases (`20240101123045`) outgrow safe integers.
 */
export class Pep440Version implements Pep440VersionParts {
  readonly epoch: bigint;
  readonly release: readonly bigint[];
  readonly pre: Pep440VersionParts["pre"];
  readonly post: bigint | null;
  readonly dev: bigint | null;
  readonly local: Pep440VersionParts["local"];

  constructor(parts: Pep440VersionParts) {
    if (parts.release.length === 0) throw new Error("a PEP 440 version needs at least one release number");
    this.epoch = parts.epoch;
    this.release = [...parts.release];
    this.pre = parts.pre;
    this.post = parts.post;
    this.dev = parts.dev;
    this.local = parts.local === null ? null : [...parts.local];
  }

  /** The version, or null when the text is not PEP 440 (old PyPI uploads such as `2004d` exist). */
  static parse(text: string): Pep440Version | null {
    const groups = VERSION.exec(text)?.groups;
    if (!groups) return null;
    const number = (value: string | undefined) => (value === undefined ? 0n : BigInt(value));
    const postNumber = groups.implicitPost ?? groups.postNumber;
    return new Pep440Version({
      epoch: number(groups.epoch),
      release: groups.release!.split(".").map((part) => BigInt(part)),
      pre: groups.preLabel ? { label: PRE_LABELS[groups.preLabel.toLowerCase()]!, number: number(groups.preNumber) } : null,
      post: groups.implicitPost !== undefined || groups.postLabel !== undefined ? number(postNumber) : null,
      dev: groups.devLabel !== undefined ? number(groups.devNumber) : null,
      local: groups.local
        ? groups.local
            .toLowerCase()
            .split(/[-_.]/)
            .map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part))
        : null,
    });
  }

  /** Pre-releases in pip's sense: alpha, beta, release candidates and dev releases. */
  get isPrerelease(): boolean {
    return this.pre !== null || this.dev !== null;
  }

  get isPostrelease(): boolean {
    return this.post !== null;
  }

  /** The version without its local label (`1.0+cpu` → `1.0`). */
  get public(): Pep440Version {
    return this.local === null ? this : new Pep440Version({ ...this, local: null });
  }

  /** Epoch and release only (`1.0rc1.post2` → `1.0`). */
  get base(): Pep440Version {
    return new Pep440Version({ epoch: this.epoch, release: this.release, pre: null, post: null, dev: null, local: null });
  }

  compare(other: Pep440Version): number {
    if (this.epoch !== other.epoch) return this.epoch < other.epoch ? -1 : 1;
    const release = compareBigints(stripTrailingZeros(this.release), stripTrailingZeros(other.release));
    if (release !== 0) return release;
    const pre = compareSlots(this.preSlot(), other.preSlot());
    if (pre !== 0) return pre;
    const post = compareSlots(
      this.post === null ? BEFORE : { at: 0, values: [this.post] },
      other.post === null ? BEFORE : { at: 0, values: [other.post] },
    );
    if (post !== 0) return post;
    const dev = compareSlots(
      this.dev === null ? AFTER : { at: 0, values: [this.dev] },
      other.dev === null ? AFTER : { at: 0, values: [other.dev] },
    );
    if (dev !== 0) return dev;
    return compareLocal(this.local, other.local);
  }

  equals(other: Pep440Version): boolean {
    return this.compare(other) === 0;
  }

  /** The normalised spelling (PEP 440 "normalization"): `1.0-ALPHA.1` → `1.0a1`, `1.0-1` → `1.0.post1`. */
  toString(): string {
    let text = this.epoch === 0n ? "" : `${this.epoch}!`;
    text += this.release.join(".");
    if (this.pre) text += `${this.pre.label}${this.pre.number}`;
    if (this.post !== null) text += `.post${this.post}`;
    if (this.dev !== null) text += `.dev${this.dev}`;
    if (this.local !== null) text += `+${this.local.join(".")}`;
    return text;
  }

  private preSlot(): Slot {
    // A bare dev release (`1.0.dev1`) sorts before every pre-release of the same release.
    if (this.pre === null && this.post === null && this.dev !== null) return BEFORE;
    if (this.pre === null) return AFTER;
    return { at: 0, values: [BigInt(PRE_RANK[this.pre.label]), this.pre.number] };
  }
}
