import path from "node:path";
import type { RepoFiles } from "../../../domain/dependency-fix.js";
import { parseJsonFile, type JsonFormat } from "./parse-json-file.js";

export interface JsonDocument {
  path: string;
  text: string;
  value: Record<string, unknown>;
  format: JsonFormat;
}

/** The package.json an alert points at, and the npm lockfile that locks it, if any. */
export interface NpmProject {
  /** The package.json in the alert's folder. */
  manifest: JsonDocument;
  /** Where that package sits inside the lockfile's `packages` ("" for the lockfile's own root). */
  memberLocation: string;
  /** package.json of the lockfile's folder (the workspace root); the same document when member is "". */
  rootManifest: JsonDocument;
  lockfile: JsonDocument | null;
  /** Facts a PR body should mention, e.g. an untouched yarn.lock beside the npm lockfile. */
  notes: string[];
}

export type LocateResult = { ok: true; project: NpmProject } | { ok: false; reason: string };

function join(dir: string, file: string): string {
  return dir === "" ? file : `${dir}/${file}`;
}

function parent(dir: string): string | null {
  if (dir === "") return null;
  const up = path.posix.dirname(dir);
  return up === "." ? "" : up;
}

async function readJson(files: RepoFiles, file: string): Promise<{ ok: true; doc: JsonDocument | null } | { ok: false; reason: string }> {
  const text = await files.read(file);
  if (text === null) return { ok: true, doc: null };
  const parsed = parseJsonFile(file, text);
  if (!parsed.ok) return parsed;
  return { ok: true, doc: { path: file, text, value: parsed.value, format: parsed.format } };
}

const RECREATE = "re-create it with npm 7 or newer (`npm install --package-lock-only`) and commit the result";

/**
 * From the alert's manifest path (a package.json, package-lock.json or npm-shrinkwrap.json in
 * any folder) to the project: its package.json and the nearest npm lockfile walking up, which
 * must list the folder as a workspace when it is not in the same folder.
 */
export async function locateNpmProject(manifestPath: string, files: RepoFiles): Promise<LocateResult> {
  const clean = manifestPath.replace(/^\.?\//, "");
  const dir = parent(clean) ?? "";
  const manifestRead = await readJson(files, join(dir, "package.json"));
  if (!manifestRead.ok) return manifestRead;
  if (!manifestRead.doc) return { ok: false, reason: `there is no package.json in ${dir === "" ? "the repository root" : dir}/ next to ${clean}` };
  const manifest = manifestRead.doc;
  const notes: string[] = [];

  for (let level: string | null = dir; level !== null; level = parent(level)) {
    const shrinkwrap = await readJson(files, join(level, "npm-shrinkwrap.json"));
    if (!shrinkwrap.ok) return shrinkwrap;
    const packageLock = shrinkwrap.doc ? shrinkwrap : await readJson(files, join(level, "package-lock.json"));
    if (!packageLock.ok) return packageLock;
    const lockfile = packageLock.doc;
    const others: string[] = [];
    for (const name of ["yarn.lock", "pnpm-lock.yaml"]) if ((await files.read(join(level, name))) !== null) others.push(name);

    if (!lockfile) {
      if (others.length > 0) {
        return {
          ok: false,
          reason: `${join(level, others[0]!)} is not supported yet; secfix does not change package.json without its lockfile`,
        };
      }
      continue;
    }

    const memberLocation = level === dir ? "" : path.posix.relative(level, dir);
    const packages = lockfile.value.packages;
    const version = lockfile.value.lockfileVersion;
    if (memberLocation !== "" && !(typeof packages === "object" && packages !== null && memberLocation in packages)) {
      // A lockfile further up that does not list this folder belongs to another project.
      break;
    }
    if (version === 1 || version === undefined) {
      return {
        ok: false,
        reason: `${lockfile.path} has lockfileVersion ${version ?? "1 (none given)"}, written by npm 6 or older; secfix edits lockfileVersion 2 and 3 only: ${RECREATE}`,
      };
    }
    if (typeof version !== "number" || version > 3 || typeof packages !== "object" || packages === null) {
      return { ok: false, reason: `${lockfile.path} has lockfileVersion ${String(version)}, which secfix does not know; it edits versions 2 and 3` };
    }
    for (const other of others) notes.push(`${join(level, other)} exists beside ${lockfile.path} and was not updated`);
    let rootManifest = manifest;
    if (level !== dir) {
      const root = await readJson(files, join(level, "package.json"));
      if (!root.ok) return root;
      if (!root.doc) return { ok: false, reason: `${lockfile.path} has no package.json beside it` };
      rootManifest = root.doc;
    }
    return { ok: true, project: { manifest, memberLocation, rootManifest, lockfile, notes } };
  }
  return { ok: true, project: { manifest, memberLocation: "", rootManifest: manifest, lockfile: null, notes } };
}
