import { posix } from "node:path";
import type { RepoFiles } from "../../../domain/dependency-fix.js";
import { parseRequirementsFile, type RequirementsEntry } from "./parse-requirements-file.js";

export interface RequirementsFileNode {
  path: string;
  text: string;
  entries: RequirementsEntry[];
}

export interface RequirementsGraph {
  /** The manifest first, then the files it includes (`-r`, `-c`), breadth first, each once. */
  files: RequirementsFileNode[];
  /** Includes that could not be read, and why: said in the answer when the package is not found. */
  unresolved: string[];
}

/** Enough for any real layout; a cycle or a runaway chain stops here instead of reading forever. */
const MAX_FILES = 50;

/**
 * The manifest and every file it pulls in with `-r`/`-c`, paths relative to the including file as
 * pip resolves them. URLs and paths outside the repository are not followed.
 */
export async function readRequirementsGraph(manifestPath: string, manifestText: string, files: RepoFiles): Promise<RequirementsGraph> {
  const graph: RequirementsGraph = { files: [], unresolved: [] };
  const seen = new Set<string>([manifestPath]);
  const queue: { path: string; text: string }[] = [{ path: manifestPath, text: manifestText }];
  while (queue.length > 0) {
    const { path, text } = queue.shift()!;
    const node = { path, text, entries: parseRequirementsFile(text) };
    graph.files.push(node);
    for (const entry of node.entries) {
      if (entry.kind !== "include") continue;
      const where = `${entry.path} (included by ${path} line ${entry.lineNumber})`;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry.path)) {
        graph.unresolved.push(`${where}: a URL, which secfix does not follow`);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(path), entry.path));
      if (entry.path.startsWith("/") || target === ".." || target.startsWith("../")) {
        graph.unresolved.push(`${where}: outside the repository`);
        continue;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      if (seen.size > MAX_FILES) {
        graph.unresolved.push(`${where}: more than ${MAX_FILES} included files`);
        continue;
      }
      const included = await files.read(target);
      if (included === null) graph.unresolved.push(`${where}: not in the repository`);
      else queue.push({ path: target, text: included });
    }
  }
  return graph;
}
