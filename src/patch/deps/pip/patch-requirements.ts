import type { DependencyPatchOutcome, FileChange, RepoFiles } from "../../../domain/dependency-fix.js";
import type { PypiFile, PypiRegistry } from "../../../registry/pypi-registry.js";
import { RegistryError } from "../../../registry/registry-error.js";
import { admitsVulnerableVersion } from "./admits-vulnerable-version.js";
import { applyTextEdits, type TextEdit } from "./apply-text-edits.js";
import { currentVersionLabel } from "./current-version-label.js";
import { normalizePackageName } from "./normalize-package-name.js";
import type { RequirementsEntry } from "./parse-requirements-file.js";
import { Pep440Specifier } from "./pep440-specifier.js";
import { readRequirementsGraph, type RequirementsFileNode } from "./read-requirements-graph.js";
import type { PipVulnerability } from "./read-vulnerable-ranges.js";
import { redactUrl } from "./redact-url.js";
import { resolvePipTarget } from "./resolve-pip-target.js";
import { unnamedRequirementName } from "./unnamed-requirement-name.js";

type RequirementEntry = Extract<RequirementsEntry, { kind: "requirement" }>;

interface Site {
  file: RequirementsFileNode;
  entry: RequirementEntry;
  specifier: Pep440Specifier;
  label: string;
}

const PYPI_HOSTS = new Set(["pypi.org", "pypi.python.org", "files.pythonhosted.org"]);

function isPypi(url: string | null): boolean {
  if (url === null) return false;
  try {
    return PYPI_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

function unsupported(reason: string): DependencyPatchOutcome {
  return { status: "unsupported", reason };
}

/** The first reason this package's lines cannot be edited, or null when every one can. */
function refusal(name: string, packageName: string, graph: { files: RequirementsFileNode[] }): string | null {
  for (const file of graph.files) {
    for (const entry of file.entries) {
      const where = `${file.path} line ${entry.lineNumber}`;
      if (entry.kind === "editable" && unnamedRequirementName(entry.target) === name) {
        return `${where} installs ${packageName} in editable mode (-e ${redactUrl(entry.target)}): its code comes from that checkout, not from a release on PyPI, so there is no version for secfix to move.`;
      }
      if (entry.kind === "unnamed" && unnamedRequirementName(entry.text) === name) {
        return `${where} installs ${packageName} from a path or URL (${redactUrl(entry.text)}), not from a release on PyPI, so there is no version for secfix to move.`;
      }
      if (entry.kind !== "requirement" || normalizePackageName(entry.requirement.name.text) !== name) continue;
      if (entry.requirement.url) {
        return `${where} installs ${packageName} from a direct URL (${redactUrl(entry.requirement.url)}), not from a release on PyPI, so there is no version for secfix to move.`;
      }
      if (entry.text.includes("${")) {
        return `${where} builds the requirement for ${packageName} from an environment variable (${entry.text}); secfix cannot know its value.`;
      }
    }
  }
  return null;
}

/** A file that pip must not take from PyPI, or null. `--extra-index-url` still reads PyPI. */
function foreignIndex(graph: { files: RequirementsFileNode[] }): string | null {
  for (const file of graph.files) {
    for (const entry of file.entries) {
      if (entry.kind !== "index") continue;
      const where = `${file.path} line ${entry.lineNumber}`;
      if (entry.option === "no-index") {
        return `${where} sets --no-index: pip installs from local files only, so releases on PyPI say nothing about what gets installed.`;
      }
      if (entry.option === "index-url" && !isPypi(entry.url)) {
        return `${where} installs from another package index (${redactUrl(entry.url ?? "")}); secfix reads versions and hashes from PyPI only, and a version picked there could differ from the package that index serves.`;
      }
    }
  }
  return null;
}

/** The per-release document is PyPI's own answer for one version; the project listing is the fallback. */
async function releaseFiles(registry: PypiRegistry, name: string, version: string, listed: PypiFile[]): Promise<PypiFile[]> {
  try {
    return await registry.releaseFiles(name, version);
  } catch (error) {
    if (error instanceof RegistryError && error.kind === "not_found") return listed;
    throw error;
  }
}

function hashEdit(entry: RequirementEntry, fileText: string, digests: readonly string[]): TextEdit {
  const first = entry.hashes[0]!;
  const last = entry.hashes[entry.hashes.length - 1]!;
  // Keep the spelling of the option (`--hash=` or `--hash `) and the layout between options.
  const option = fileText.slice(first.start, first.end).replace(/[A-Za-z0-9]+:[0-9A-Fa-f]+$/, "");
  return { start: first.start, end: last.end, text: digests.map((digest) => `${option}sha256:${digest}`).join(entry.hashSeparator ?? " ") };
}

/**
 * Moves a package in a requirements file, or in a file it includes (`-r`, `-c`), to the lowest
 * release outside every vulnerable range: pins stay pins, minimums move up, upper bounds stay,
 * and `--hash` options are replaced by the digests PyPI publishes for the new release.
 */
export async function patchRequirements(input: {
  packageName: string;
  manifestPath: string;
  manifestText: string;
  vulnerabilities: readonly PipVulnerability[];
  files: RepoFiles;
  registry: PypiRegistry;
}): Promise<DependencyPatchOutcome> {
  const { packageName, manifestPath } = input;
  const name = normalizePackageName(packageName);
  const graph = await readRequirementsGraph(manifestPath, input.manifestText, input.files);

  const refused = refusal(name, packageName, graph);
  if (refused) return unsupported(refused);

  const sites: Site[] = [];
  for (const file of graph.files) {
    for (const entry of file.entries) {
      if (entry.kind !== "requirement" || normalizePackageName(entry.requirement.name.text) !== name) continue;
      const where = `${file.path} line ${entry.lineNumber}`;
      const specifier = Pep440Specifier.parse(entry.requirement.specifier.text);
      if (!specifier) return unsupported(`${where} has a version specifier pip would not accept (${entry.text}); fix it by hand first.`);
      if (specifier.clauses.some((clause) => clause.version?.local != null)) {
        return unsupported(`${where} pins a local version (${entry.text}), which PyPI never serves: it comes from another index, and secfix reads PyPI only.`);
      }
      sites.push({ file, entry, specifier, label: `${entry.text} (${where})` });
    }
  }

  if (sites.length === 0) {
    const included = graph.files.slice(1).map((file) => file.path);
    const unread = graph.unresolved.length > 0 ? ` Not read: ${graph.unresolved.join("; ")}.` : "";
    return {
      status: "no_fix",
      reason:
        `the manifest no longer names ${packageName}: ${manifestPath}${included.length > 0 ? ` and the files it includes (${included.join(", ")})` : ""} have no requirement for it.${unread}` +
        ` If ${packageName} comes in as a dependency of another package, pip has no lockfile for secfix to edit; pin a fixed version in a constraints file by hand.`,
    };
  }

  const index = foreignIndex(graph);
  if (index) return unsupported(index);
  for (const site of sites) {
    if (site.entry.hashes.length > 0 && !site.entry.hashesContiguous && admitsVulnerableVersion(site.specifier, input.vulnerabilities)) {
      return unsupported(`${site.label} mixes its --hash options with other options; secfix rewrites hash lists only when they stand together.`);
    }
  }

  const resolved = await resolvePipTarget({ packageName, manifestPath, sites, vulnerabilities: input.vulnerabilities, registry: input.registry });
  if (resolved.kind === "outcome") return resolved.outcome;
  const { choice, project } = resolved;
  const target = choice.version.toString();

  const edits = new Map<RequirementsFileNode, TextEdit[]>();
  const changed: string[] = [];
  const hashNotes: string[] = [];
  let digests: string[] | null = null;
  let fromVersion: string | null = null;
  for (const [i, site] of sites.entries()) {
    const specifier = choice.specifiers[i];
    if (specifier === null || specifier === undefined) continue;
    fromVersion ??= currentVersionLabel(site.specifier);
    const { entry, file } = site;
    const fileEdits = edits.get(file) ?? [];
    edits.set(file, fileEdits);
    fileEdits.push({ start: entry.specifier.start, end: entry.specifier.end, text: specifier });
    const span = entry.requirement.specifier;
    changed.push(`${file.path} line ${entry.lineNumber}: ${entry.text} → ${entry.text.slice(0, span.start)}${specifier}${entry.text.slice(span.end)}.`);
    if (entry.hashes.length === 0) continue;
    if (digests === null) {
      const files = await releaseFiles(input.registry, project.name, choice.releaseKey, project.releases[choice.releaseKey]?.files ?? []);
      digests = [...new Set(files.filter((f) => !f.yanked && f.sha256 !== null).map((f) => f.sha256!))].sort();
      if (digests.length === 0) {
        return { status: "no_fix", reason: `${site.label} pins hashes, but PyPI lists no sha256 digests for ${packageName} ${target}.`, chain: [`${packageName}@${target}`] };
      }
    }
    fileEdits.push(hashEdit(entry, file.text, digests));
    hashNotes.push(
      `Replaced the ${entry.hashes.length} --hash option${entry.hashes.length === 1 ? "" : "s"} in ${file.path} line ${entry.lineNumber} with the ${digests.length} sha256 digest${digests.length === 1 ? "" : "s"} PyPI publishes for ${packageName} ${target}.`,
    );
  }

  const fileChanges: FileChange[] = [];
  for (const file of graph.files) {
    const fileEdits = edits.get(file);
    if (fileEdits) fileChanges.push({ path: file.path, before: file.text, after: applyTextEdits(file.text, fileEdits) });
  }

  const explanation = [...changed, ...choice.notes, ...hashNotes];
  if (hashNotes.length > 0) {
    explanation.push(`With hashes, pip installs nothing that is not listed: if ${packageName} ${target} needs a dependency these files do not list yet, regenerate them (pip-compile --generate-hashes).`);
  }
  for (const file of fileChanges) {
    const generator = /autogenerated by (pip-compile|uv)/i.exec(file.before ?? "");
    if (generator) {
      const tool = generator[1]!.toLowerCase() === "uv" ? "uv pip compile" : "pip-compile";
      explanation.push(`${file.path} is generated by ${tool}: its input file must allow ${packageName} ${target}, or the next compile run will undo this change.`);
    }
  }
  const extraIndexes = graph.files.flatMap((file) =>
    file.entries.flatMap((entry) => (entry.kind === "index" && entry.option === "extra-index-url" && !isPypi(entry.url) ? [redactUrl(entry.url ?? "")] : [])),
  );
  if (extraIndexes.length > 0) explanation.push(`pip also reads ${extraIndexes.join(", ")}; secfix checked versions and hashes on PyPI only.`);

  return {
    status: "patched",
    strategy: "pip-requirements",
    files: fileChanges,
    packageName,
    fromVersion: fromVersion ?? "any version",
    toVersion: target,
    relationship: "direct",
    chain: [`${packageName}@${target}`],
    explanation,
  };
}
