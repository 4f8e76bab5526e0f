import semver from "semver";
import { parseDependencySpec, rangeAdmits } from "./dependency-spec.js";

export type RangeRaise =
  | { kind: "unchanged"; spec: string; note: string }
  | { kind: "raised"; spec: string; note: string | null }
  | { kind: "unsupported"; reason: string };

const VERSION = String.raw`v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;

function raiseRange(range: string, target: string): RangeRaise {
  const trimmed = range.trim();
  if (trimmed === "" || trimmed === "*" || /^[xX]$/.test(trimmed)) {
    return { kind: "unchanged", spec: range, note: `the declared range ${JSON.stringify(range || "*")} admits any version` };
  }
  const caret = new RegExp(`^\\^\\s*(${VERSION})$`).exec(trimmed);
  if (caret) return { kind: "raised", spec: `^${target}`, note: null };
  const tilde = new RegExp(`^(~>?)\\s*(${VERSION})$`).exec(trimmed);
  if (tilde) return { kind: "raised", spec: `${tilde[1]}${target}`, note: null };
  const exact = new RegExp(`^(=?)\\s*(v?)(${VERSION.slice(2)})$`).exec(trimmed);
  if (exact) return { kind: "raised", spec: `${exact[1]}${exact[2]}${target}`, note: null };
  const admits = rangeAdmits(trimmed, target);
  const xRange = /^(\d+)(?:\.(\d+|[xX*]))?(?:\.[xX*])?$/.exec(trimmed);
  if (xRange) {
    if (admits) return { kind: "unchanged", spec: range, note: `the declared range ${range} already admits ${target}` };
    const minorGranular = xRange[2] !== undefined && /^\d+$/.test(xRange[2]);
    const suffix = trimmed.includes("*") ? "*" : trimmed.includes("X") ? "X" : "x";
    const raised = minorGranular ? `${semver.major(target)}.${semver.minor(target)}.${suffix}` : `${semver.major(target)}.${suffix}`;
    return { kind: "raised", spec: xRange[0].includes(".") ? raised : String(semver.major(target)), note: null };
  }
  if (admits) return { kind: "unchanged", spec: range, note: `the declared range ${range} already admits ${target}` };
  const atLeast = new RegExp(`^>=\\s*(${VERSION})$`).exec(trimmed);
  if (atLeast) return { kind: "raised", spec: `>=${target}`, note: null };
  return {
    kind: "raised",
    spec: `^${target}`,
    note: `the declared range ${range} could not be raised keeping its form, so it became ^${target}`,
  };
}

/**
 * The declared specifier raised just enough to admit `target`, in the user's style: `^1.2.3` →
 * `^1.4.0`, `~1.2.3` → `~1.2.5`, `1.2.3` → `1.4.0`, `>=1.0.0` kept when it admits the target,
 * `npm:` aliases kept. Git, path, URL and tag specifiers are not registry versions: unsupported.
 */
export function raiseDeclaredRange(spec: string, packageName: string, target: string): RangeRaise {
  const parsed = parseDependencySpec(spec);
  if (parsed.kind === "other") {
    return { kind: "unsupported", reason: `${packageName} is declared as ${parsed.description}, not a registry version; secfix leaves it alone` };
  }
  if (parsed.kind === "tag") {
    return {
      kind: "unsupported",
      reason: `${packageName} is declared by the dist-tag "${parsed.tag}"; secfix only raises version ranges, so pin a version (e.g. ^${target}) first`,
    };
  }
  const raised = raiseRange(parsed.range, target);
  if (parsed.kind === "alias" && raised.kind !== "unsupported") {
    return { ...raised, spec: `npm:${parsed.packageName}@${raised.spec}` };
  }
  if (raised.kind === "raised" && raised.spec === spec) return { kind: "unchanged", spec, note: `the declared range ${spec} already names ${target}` };
  return raised;
}
