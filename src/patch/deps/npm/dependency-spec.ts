import semver from "semver";

/** What a dependency specifier asks for, as far as a registry fix is concerned. */
export type DependencySpec =
  | { kind: "range"; range: string }
  | { kind: "alias"; packageName: string; range: string }
  | { kind: "tag"; tag: string }
  | { kind: "other"; description: string };

function describeOther(spec: string): string {
  if (/^(file|link):|^\.{0,2}\//.test(spec)) return `a local path (${spec})`;
  if (/^workspace:/.test(spec)) return `a workspace (${spec})`;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#|$)|^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) return `git (${spec})`;
  if (/^https?:/.test(spec)) return `a tarball URL (${spec})`;
  return `"${spec}"`;
}

/** Classifies a specifier the way npm-package-arg would for the cases a lockfile fix meets. */
export function parseDependencySpec(spec: string): DependencySpec {
  const trimmed = spec.trim();
  if (trimmed.startsWith("npm:")) {
    const rest = trimmed.slice(4);
    const at = rest.indexOf("@", 1);
    const packageName = at < 0 ? rest : rest.slice(0, at);
    const range = at < 0 ? "*" : rest.slice(at + 1) || "*";
    return semver.validRange(range, { loose: true }) !== null
      ? { kind: "alias", packageName, range }
      : { kind: "other", description: `an alias to ${describeOther(range)}` };
  }
  if (trimmed === "" || trimmed === "*") return { kind: "range", range: "*" };
  if (semver.validRange(trimmed, { loose: true }) !== null) return { kind: "range", range: trimmed };
  if (/^[A-Za-z][\w.-]*$/.test(trimmed) && !/^v?\d/.test(trimmed)) return { kind: "tag", tag: trimmed };
  return { kind: "other", description: describeOther(trimmed) };
}

/** Does `version` satisfy the registry range in `spec`? `*` admits prereleases too, as in npm. */
export function rangeAdmits(range: string, version: string): boolean {
  if (range === "*" || range === "") return true;
  return semver.satisfies(version, range, { loose: true });
}

/**
 * Would a node of `packageName@version` satisfy `spec`? Non-registry specs (git, paths, tags)
 * answer true: secfix never replaces what they point at, so they never become invalid through it.
 */
export function specAdmits(spec: string, packageName: string, version: string): boolean {
  const parsed = parseDependencySpec(spec);
  switch (parsed.kind) {
    case "range":
      return rangeAdmits(parsed.range, version);
    case "alias":
      return parsed.packageName === packageName && rangeAdmits(parsed.range, version);
    default:
      return true;
  }
}
