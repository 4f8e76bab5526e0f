import { normalizePackageName } from "../patch/deps/pip/normalize-package-name.js";
import { parseRequirementsFile } from "../patch/deps/pip/parse-requirements-file.js";
import { Pep440Specifier } from "../patch/deps/pip/pep440-specifier.js";
import { Pep440Version } from "../patch/deps/pip/pep440-version.js";
import { parsePep508Requirement, type Pep508Requirement } from "../patch/deps/pip/pep508-requirement.js";
import { scanToml, type TomlEntry } from "../patch/deps/pip/scan-toml.js";
import type { InstalledPackage } from "./npm-lockfile-packages.js";

/** What a pip file says about versions: exact pins, and the names it requires without one. */
export interface PipRequirementsRead {
  /** Names PEP 503-normalised; versions PEP 440-normalised when they parse. */
  pins: InstalledPackage[];
  /** Normalised names required by a range, a URL or a tool table: their version is up to the resolver. */
  unpinned: Set<string>;
}

/** `==1.2.3` or `===1.2.3`, not `==1.2.*`: the only specifiers that name the version pip installs. */
function pinOf(requirement: Pep508Requirement): string | null {
  if (requirement.url !== null) return null;
  const specifier = Pep440Specifier.parse(requirement.specifier.text);
  const pin = specifier?.clauses.find((clause) => (clause.operator === "==" && !clause.wildcard) || clause.operator === "===");
  if (!pin) return null;
  return pin.operator === "==" ? (Pep440Version.parse(pin.versionText)?.toString() ?? pin.versionText) : pin.versionText;
}

function collect(requirements: Iterable<Pep508Requirement>): PipRequirementsRead {
  const read: PipRequirementsRead = { pins: [], unpinned: new Set() };
  for (const requirement of requirements) {
    const name = normalizePackageName(requirement.name.text);
    const version = pinOf(requirement);
    if (version === null) read.unpinned.add(name);
    else read.pins.push({ name, version });
  }
  return read;
}

function* fromRequirementsFile(text: string): Generator<Pep508Requirement> {
  for (const entry of parseRequirementsFile(text)) {
    if (entry.kind === "requirement") yield entry.requirement;
  }
}

/** PEP 621 arrays, `[build-system] requires` and PEP 735 groups hold PEP 508 strings. */
function isRequirementArray(path: readonly string[]): boolean {
  const [first, second] = path;
  return (
    (path.length === 2 && first === "project" && second === "dependencies") ||
    (path.length === 3 && first === "project" && second === "optional-dependencies") ||
    (path.length === 2 && first === "build-system" && second === "requires") ||
    (path.length === 2 && first === "dependency-groups")
  );
}

/** Poetry's tables name a package by key with its own constraint syntax: a name, never a pin here. */
function poetryName(path: readonly string[]): string | null {
  if (path[0] !== "tool" || path[1] !== "poetry") return null;
  const key = path[2] === "dependencies" || path[2] === "dev-dependencies" ? path[3] : path[2] === "group" && path[4] === "dependencies" ? path[5] : undefined;
  return key === undefined || key === "python" ? null : key;
}

function fromPyproject(entries: readonly TomlEntry[]): PipRequirementsRead {
  const requirements: Pep508Requirement[] = [];
  const poetry: string[] = [];
  for (const entry of entries) {
    const name = poetryName(entry.path);
    if (name !== null) poetry.push(normalizePackageName(name));
    if (entry.kind !== "array" || !isRequirementArray(entry.path)) continue;
    for (const item of entry.items) {
      const requirement = parsePep508Requirement(item.value);
      if (requirement) requirements.push(requirement);
    }
  }
  const read = collect(requirements);
  for (const name of poetry) read.unpinned.add(name);
  return read;
}

/**
 * Pins and unpinned names of a requirements file or a pyproject.toml; null when the file cannot be
 * read (TOML secfix's scanner refuses).
 */
export function pipPinnedRequirements(kind: "pip-requirements" | "pyproject", text: string): PipRequirementsRead | null {
  if (kind === "pip-requirements") return collect(fromRequirementsFile(text));
  let entries: TomlEntry[];
  try {
    entries = scanToml(text);
  } catch {
    return null;
  }
  return fromPyproject(entries);
}
