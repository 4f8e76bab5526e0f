import { Pep440Version } from "./pep440-version.js";
import { VersionInterval } from "./version-interval.js";

const CONDITION = /^(>=|<=|==|=|>|<)\s*(\S+)$/;

/**
 * GitHub's vulnerable-version notation for one advisory (`>= 2.9.0, < 2.9.18`, `< 2.8.19`,
 * `= 1.0`): comma-separated conditions that all hold. Unlike a pip specifier it has no
 * pre-release exclusions: `2.9.18rc1` is inside `< 2.9.18`, which is the cautious reading.
 */
export class AdvisoryRange {
  private constructor(
    readonly text: string,
    readonly interval: VersionInterval,
  ) {}

  /** Null when a condition is not one GitHub writes or its version is not PEP 440. */
  static parse(text: string): AdvisoryRange | null {
    if (text.trim() === "") return null;
    let interval = VersionInterval.all;
    for (const part of text.split(",")) {
      const match = CONDITION.exec(part.trim());
      const version = match ? Pep440Version.parse(match[2]!) : null;
      if (!match || !version) return null;
      const bound = { version: version.public, inclusive: match[1]!.includes("=") };
      switch (match[1]) {
        case "=":
        case "==":
          interval = interval.intersect(VersionInterval.point(version.public));
          break;
        case ">":
        case ">=":
          interval = interval.intersect(new VersionInterval(bound, null, []));
          break;
        case "<":
        case "<=":
          interval = interval.intersect(new VersionInterval(null, bound, []));
          break;
      }
    }
    return new AdvisoryRange(text.trim(), interval);
  }

  contains(version: Pep440Version): boolean {
    return this.interval.contains(version.public);
  }
}
