import type { DependencyPatchOutcome } from "../../../domain/dependency-fix.js";
import type { PypiRegistry } from "../../../registry/pypi-registry.js";
import { applyTextEdits, type TextEdit } from "./apply-text-edits.js";
import { currentVersionLabel } from "./current-version-label.js";
import { normalizePackageName } from "./normalize-package-name.js";
import { Pep440Specifier } from "./pep440-specifier.js";
import { parsePep508Requirement, type Pep508Requirement } from "./pep508-requirement.js";
import type { PipVulnerability } from "./read-vulnerable-ranges.js";
import { redactUrl } from "./redact-url.js";
import { resolvePipTarget } from "./resolve-pip-target.js";
import { scanToml, type TomlEntry, type TomlString } from "./scan-toml.js";
import { TomlScanError } from "./toml-scan-error.js";

interface Site {
  item: TomlString;
  requirement: Pep508Requirement;
  specifier: Pep440Specifier;
  /** Where the string sits, for people: `[project.optional-dependencies] dev`. */
  place: string;
  label: string;
}

/** Arrays of PEP 508 strings, and how to name them in a sentence. */
function dependencyArray(path: readonly string[]): string | null {
  const [first, second, third] = path;
  if (path.length === 2 && first === "project" && second === "dependencies") return "[project] dependencies";
  if (path.length === 3 && first === "project" && second === "optional-dependencies") return `[project.optional-dependencies] ${third}`;
  if (path.length === 2 && first === "build-system" && second === "requires") return "[build-system] requires";
  if (path.length === 2 && first === "dependency-groups") return `[dependency-groups] ${second}`;
  return null;
}

/** Does Poetry's own table name the package (`[tool.poetry.dependencies]`, groups, dev-dependencies)? */
function poetryNames(path: readonly string[], name: string): boolean {
  if (path[0] !== "tool" || path[1] !== "poetry") return false;
  const key = path[2] === "dependencies" || path[2] === "dev-dependencies" ? path[3] : path[2] === "group" && path[4] === "dependencies" ? path[5] : undefined;
  return key !== undefined && normalizePackageName(key) === name;
}

function dynamicDependencies(entries: readonly TomlEntry[]): string[] {
  const dynamic = entries.find((entry) => entry.path.length === 2 && entry.path[0] === "project" && entry.path[1] === "dynamic");
  return (dynamic?.items ?? []).map((item) => item.value).filter((field) => field === "dependencies" || field === "optional-dependencies");
}

/**
 * Moves a package in a pyproject.toml's PEP 621 arrays (`[project] dependencies`,
 * `[project.optional-dependencies]`, plus `[build-system] requires` and PEP 735
 * `[dependency-groups]`), changing only the specifier inside the one string.
 */
export async function patchPyproject(input: {
  packageName: string;
  manifestPath: string;
  manifestText: string;
  vulnerabilities: readonly PipVulnerability[];
  registry: PypiRegistry;
}): Promise<DependencyPatchOutcome> {
  const { packageName, manifestPath, manifestText } = input;
  const name = normalizePackageName(packageName);
  let entries: TomlEntry[];
  try {
    entries = scanToml(manifestText);
  } catch (error) {
    if (!(error instanceof TomlScanError)) throw error;
    return { status: "unsupported", reason: `${manifestPath} is not valid TOML (${error.message}); secfix edits only files it can read. Fix the file and the next run will retry.` };
  }

  if (entries.some((entry) => poetryNames(entry.path, name))) {
    return {
      status: "unsupported",
      reason: `${manifestPath} declares ${packageName} in Poetry's [tool.poetry] tables, whose constraint syntax (^, ~, tables per dependency) and poetry.lock secfix does not handle yet. Run poetry update ${packageName} by hand.`,
    };
  }

  const sites: Site[] = [];
  for (const entry of entries) {
    const place = entry.kind === "array" ? dependencyArray(entry.path) : null;
    if (!place) continue;
    for (const item of entry.items) {
      const requirement = parsePep508Requirement(item.value);
      if (!requirement || normalizePackageName(requirement.name.text) !== name) continue;
      const where = `${manifestPath} ${place}`;
      if (requirement.url) {
        return { status: "unsupported", reason: `${where} installs ${packageName} from a direct URL (${redactUrl(requirement.url)}), not from a release on PyPI, so there is no version for secfix to move.` };
      }
      if (!item.verbatim) {
        return { status: "unsupported", reason: `${where} writes "${item.value}" with escape sequences or as a multi-line string; secfix edits plain strings only.` };
      }
      const specifier = Pep440Specifier.parse(requirement.specifier.text);
      if (!specifier) return { status: "unsupported", reason: `${where} has a version specifier pip would not accept ("${item.value}"); fix it by hand first.` };
      sites.push({ item, requirement, specifier, place, label: `"${item.value}" (${where})` });
    }
  }

  if (sites.length === 0) {
    const dynamic = dynamicDependencies(entries);
    if (dynamic.length > 0) {
      return {
        status: "unsupported",
        reason: `${manifestPath} marks ${dynamic.join(" and ")} as dynamic: the build backend reads them from another file, which secfix does not follow yet.`,
      };
    }
    return {
      status: "no_fix",
      reason: `the manifest no longer names ${packageName}: ${manifestPath} has no requirement for it. If ${packageName} comes in as a dependency of another package, there is no lockfile here for secfix to edit; add a lower bound by hand if you want to force a fixed version.`,
    };
  }

  const resolved = await resolvePipTarget({ packageName, manifestPath, sites, vulnerabilities: input.vulnerabilities, registry: input.registry });
  if (resolved.kind === "outcome") return resolved.outcome;
  const { choice } = resolved;
  const target = choice.version.toString();

  const edits: TextEdit[] = [];
  const changed: string[] = [];
  let fromVersion: string | null = null;
  for (const [i, site] of sites.entries()) {
    const specifier = choice.specifiers[i];
    if (specifier === null || specifier === undefined) continue;
    fromVersion ??= currentVersionLabel(site.specifier);
    // One-line strings only (verbatim), so the value starts right after the one-character quote.
    const contentStart = site.item.start + 1;
    const span = site.requirement.specifier;
    edits.push({ start: contentStart + span.start, end: contentStart + span.end, text: specifier });
    const after = `${site.item.value.slice(0, span.start)}${specifier}${site.item.value.slice(span.end)}`;
    changed.push(`${manifestPath} ${site.place}: ${site.item.value} → ${after}.`);
  }

  return {
    status: "patched",
    strategy: "pip-pyproject",
    files: [{ path: manifestPath, before: manifestText, after: applyTextEdits(manifestText, edits) }],
    packageName,
    fromVersion: fromVersion ?? "any version",
    toVersion: target,
    relationship: "direct",
    chain: [`${packageName}@${target}`],
    explanation: [...changed, ...choice.notes],
  };
}
