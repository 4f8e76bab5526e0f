/**
 * Which files of a repository import the files a fix changed: the first ring of its blast radius.
 * Scanning is by regular expression, not a parse: an import inside a comment or string counts too,
 * which errs towards a larger blast radius, never a smaller one. Path aliases (tsconfig `paths`,
 * bundler aliases) and bare package imports are not followed.
 */

type Family = "js" | "python";

const FAMILY_BY_EXTENSION: Record<string, Family> = {
  ".js": "js",
  ".jsx": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".ts": "js",
  ".tsx": "js",
  ".mts": "js",
  ".cts": "js",
  ".py": "python",
};

const JS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

// TypeScript's ESM convention: source `x.ts` is imported as `./x.js`.
const TS_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

// Installed, vendored or generated code: nobody edits it to follow a change in the repository.
const SKIPPED_DIRECTORIES = new Set(["node_modules", "dist", "build", "vendor", ".git", "__pycache__", ".venv", "venv", "site-packages"]);

/** Scanning stops here: a generated megabyte file is not worth a slow webhook. */
export const SCAN_LIMIT_CHARS = 1_048_576;

export function sourceFamily(path: string): Family | null {
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return null;
  return FAMILY_BY_EXTENSION[path.slice(dot).toLowerCase()] ?? null;
}

/** Files of the tree that could import one of the changed source files, sorted. */
export function importCandidates(treePaths: readonly string[], changed: readonly string[]): string[] {
  const families = new Set(changed.map(sourceFamily).filter((f): f is Family => f !== null));
  if (families.size === 0) return [];
  const changedSet = new Set(changed);
  const candidates = new Set<string>();
  for (const path of treePaths) {
    const family = sourceFamily(path);
    if (!family || !families.has(family) || changedSet.has(path) || isSkipped(path)) continue;
    candidates.add(path);
  }
  return [...candidates].sort();
}

function isSkipped(path: string): boolean {
  return path.split("/").slice(0, -1).some((segment) => SKIPPED_DIRECTORIES.has(segment));
}

/**
 * For each changed source file, the files among `sources` (path → text) that import it, sorted.
 * Every changed source file gets an entry, empty when nothing imports it; the changed files
 * themselves are never counted as importers, since they are in the change already.
 */
export function findImporters(changed: readonly string[], sources: ReadonlyMap<string, string>): Record<string, string[]> {
  const changedSources = [...new Set(changed)].filter((path) => sourceFamily(path) !== null).sort();
  const changedSet = new Set(changedSources);
  const found = new Map<string, Set<string>>(changedSources.map((path) => [path, new Set<string>()]));
  if (changedSources.length === 0) return {};

  for (const [importer, text] of sources) {
    if (changedSet.has(importer)) continue;
    const family = sourceFamily(importer);
    if (!family) continue;
    const scanned = text.length > SCAN_LIMIT_CHARS ? text.slice(0, SCAN_LIMIT_CHARS) : text;
    const targets = family === "js" ? jsTargets(importer, scanned) : pythonTargets(importer, scanned);
    for (const target of targets) found.get(target)?.add(importer);
  }

  const result: Record<string, string[]> = {};
  for (const [path, importers] of found) result[path] = [...importers].sort();
  return result;
}

// `from "x"` covers `import … from` and `export … from`; the rest are side-effect, dynamic and CommonJS.
const JS_SPECIFIERS = [
  /\bfrom\s*(["'])([^"'\n]+)\1/g,
  /\bimport\s*(["'])([^"'\n]+)\1/g,
  /\bimport\s*\(\s*(["'`])([^"'`\n]+)\1\s*\)/g,
  /\brequire\s*\(\s*(["'`])([^"'`\n]+)\1\s*\)/g,
];

/** Every repository path a JS/TS file's relative imports could resolve to. */
function jsTargets(importer: string, text: string): Set<string> {
  const targets = new Set<string>();
  const directory = dirname(importer);
  for (const pattern of JS_SPECIFIERS) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[2]!.replace(/[?#].*$/, "");
      if (!isRelative(specifier)) continue;
      const resolved = normalize(`${directory}/${specifier}`);
      if (resolved === null) continue;
      for (const path of jsResolutions(resolved)) targets.add(path);
    }
  }
  return targets;
}

function isRelative(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

function jsResolutions(base: string): string[] {
  const paths = [base];
  const dot = base.lastIndexOf(".");
  const extension = dot > base.lastIndexOf("/") ? base.slice(dot) : "";
  for (const ts of TS_FOR_JS[extension] ?? []) paths.push(base.slice(0, dot) + ts);
  for (const ext of JS_EXTENSIONS) {
    paths.push(base + ext);
    paths.push(base === "" ? `index${ext}` : `${base}/index${ext}`);
  }
  return paths;
}

const PY_FROM = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]*(\([^)]{0,2000}\)?|[^\n]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([^\n]*)/gm;

/** Every repository path a Python file's imports could resolve to. */
function pythonTargets(importer: string, text: string): Set<string> {
  const targets = new Set<string>();
  const add = (module: string[], absolute: boolean) => {
    for (const path of pythonResolutions(module, absolute)) targets.add(path);
  };
  for (const match of text.matchAll(PY_FROM)) {
    const spec = match[1]!;
    const module = pythonModule(importer, spec);
    if (!module) continue;
    const absolute = !spec.startsWith(".");
    add(module, absolute);
    // `from pkg import mod` may name a submodule rather than an attribute.
    for (const name of importedNames(match[2]!)) add([...module, name], absolute);
  }
  for (const match of text.matchAll(PY_IMPORT)) {
    for (const name of importedNames(match[1]!, true)) add(name.split("."), true);
  }
  return targets;
}

function importedNames(list: string, dotted = false): string[] {
  const word = dotted ? /^[A-Za-z_][\w.]*$/ : /^[A-Za-z_]\w*$/;
  return list
    .replace(/#.*$/gm, "")
    .replace(/[()\\;]/g, " ")
    .split(",")
    .map((part) => part.trim().split(/\s+/)[0] ?? "")
    .filter((name) => word.test(name));
}

/** A `from` clause's module as path segments from the root; relative ones start at the importer's package. */
function pythonModule(importer: string, spec: string): string[] | null {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots).split(".").filter(Boolean);
  if (dots === 0) return rest.length ? rest : null;
  const packagePath = dirname(importer).split("/").filter(Boolean);
  const up = dots - 1;
  if (up > packagePath.length) return null;
  return [...packagePath.slice(0, packagePath.length - up), ...rest];
}

function pythonResolutions(module: string[], absolute: boolean): string[] {
  if (module.length === 0) return ["__init__.py"];
  const base = module.join("/");
  const paths = [`${base}.py`, `${base}/__init__.py`];
  // Absolute imports resolve from the root, or from `src/` in the common src layout.
  if (absolute) paths.push(`src/${base}.py`, `src/${base}/__init__.py`);
  return paths;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Collapses `.` and `..`; null when the path climbs out of the repository. */
function normalize(path: string): string | null {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out.join("/");
}
