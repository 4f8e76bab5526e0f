import type { ProbotOctokit } from "probot";
import { CONFIG_PATH } from "../config/config.schema.js";
import { findYamlSyntaxError, locateYamlPath } from "../config/locate-yaml-path.js";
import { EXTENDS_KEY } from "../config/merge-config-chain.js";
import {
  validateConfig,
  type ConfigFileRef,
  type ConfigProblem,
  type ConfigResult,
  type ConfigSourceFile,
} from "../config/validate-config.js";

type ConfigOctokit = Pick<ProbotOctokit, "config" | "request">;

const PLUGIN_PREFIX = "[@probot/octokit-plugin-config]";
const CONTENTS_URL = /https?:\/\/[^\s"]+?\/repos\/([^/\s"]+)\/([^/\s"]+)\/contents\/([^\s"?#]+)/g;

/**
 * Reads `.github/secfix.yml` for one repository through Probot's config loader (default branch,
 * the owner's `.github` repository as fallback, `_extends` chains) and validates it. A missing file
 * means defaults; a broken one means problems the owner can act on. GitHub failures other than 404
 * are thrown for the job to retry.
 */
export async function loadRepoConfig(octokit: ConfigOctokit, { owner, repo }: { owner: string; repo: string }): Promise<ConfigResult> {
  let files: Awaited<ReturnType<ConfigOctokit["config"]["get"]>>["files"];
  try {
    // The loader's own merge is not used: validateConfig merges `files` itself (lists replaced, not
    // concatenated) so that each problem can be traced to the file that set the value.
    ({ files } = await octokit.config.get({ owner, repo, path: CONFIG_PATH, defaults: () => ({}) }));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_PREFIX)) throw error;
    return { status: "invalid", problems: [await problemFromLoaderError(octokit, error)] };
  }

  // The loader lists the repository's own file first; validateConfig wants the base first.
  const sources: ConfigSourceFile[] = files
    .filter((file) => file.config !== null)
    .reverse()
    .map(({ owner, repo, path, url, config }) => ({ owner, repo, path, url, data: config }));
  const extendsProblems = missingExtendsTarget(files);
  const validated = validateConfig(sources);
  if (validated.status !== "invalid" && extendsProblems.length === 0) return validated;

  // Raw text is fetched only now, and only for the files a problem points at, to give it a line.
  const schemaProblems = validated.status === "invalid" ? validated.problems : [];
  const texts = await fetchTexts(octokit, [...extendsProblems, ...schemaProblems].map((problem) => problem.file));
  const located = validateConfig(sources.map((source) => ({ ...source, text: texts.get(source.url) })));
  return {
    status: "invalid",
    problems: [
      ...extendsProblems.map((problem) => withLine(problem, texts.get(problem.file?.url ?? ""), [EXTENDS_KEY])),
      ...(located.status === "invalid" ? located.problems : []),
    ],
  };
}

/**
 * The loader follows `_extends` until a file is missing and then stops without complaint. A missing
 * target is the owner's mistake (a typo, or a repository secfix cannot read); ignoring it would
 * silently drop the inherited policy.
 */
function missingExtendsTarget(files: readonly { owner: string; repo: string; path: string; url: string; config: unknown }[]): ConfigProblem[] {
  const firstFound = files.findIndex((file) => file.config !== null);
  const last = files.length - 1;
  const target = files[last];
  const extender = files[last - 1];
  if (firstFound === -1 || last <= firstFound || !target || target.config !== null || !extender) return [];
  return [
    {
      file: ref(extender),
      line: null,
      column: null,
      keyPath: EXTENDS_KEY,
      message: `\`${EXTENDS_KEY}\` points at ${label(target)}, which does not exist or which secfix cannot read (is the app installed on ${target.owner}/${target.repo}?)`,
    },
  ];
}

/** Turns the loader's thrown errors (bad YAML, bad `_extends`, loops) into a problem with a line. */
async function problemFromLoaderError(octokit: ConfigOctokit, error: Error): Promise<ConfigProblem> {
  const urls = [...error.message.matchAll(CONTENTS_URL)].map((match) => ({
    owner: decodeURIComponent(match[1] as string),
    repo: decodeURIComponent(match[2] as string),
    path: decodeURIComponent(match[3] as string),
    url: match[0],
  }));
  const file = urls[0] ?? null;
  const text = file === null ? null : await fetchText(octokit, file);
  const problem = (keyPath: string, message: string, line: number | null = null, column: number | null = null): ConfigProblem => ({
    file,
    line,
    column,
    keyPath,
    message,
  });

  if (error.message.endsWith("(invalid YAML)")) {
    const syntax = text === null ? null : findYamlSyntaxError(text);
    const fromCause = (error.cause as { linePos?: { line: number; col: number }[] } | undefined)?.linePos?.[0];
    const message = syntax?.message ?? (error.cause instanceof Error ? error.cause.message.split("\n")[0] : "it could not be parsed");
    return problem("", `The file is not valid YAML: ${message}`, syntax?.line ?? fromCause?.line ?? null, syntax?.column ?? fromCause?.col ?? null);
  }
  if (error.message.endsWith("(YAML is not an object)")) {
    return problem("", "The file must be a mapping of settings (key: value lines), not a single value", 1, 1);
  }
  if (error.message.includes("is either a directory or a submodule")) {
    return problem("", "This path is a directory or a submodule, not a file");
  }
  const invalidExtends = /Invalid value (.*) for _extends in /.exec(error.message);
  if (invalidExtends) {
    return withLine(
      problem(
        EXTENDS_KEY,
        `\`${EXTENDS_KEY}\` must name a file to inherit as repo, owner/repo or owner/repo:path/to/file.yml; got ${invalidExtends[1]}`,
      ),
      text,
      [EXTENDS_KEY],
    );
  }
  if (error.message.includes("Recursion detected")) {
    const repeated = urls[1];
    return withLine(
      problem(
        EXTENDS_KEY,
        `\`${EXTENDS_KEY}\` leads back to ${repeated ? label(repeated) : "a file"}, which is already part of this configuration; remove the loop`,
      ),
      text,
      [EXTENDS_KEY],
    );
  }
  return problem("", error.message.slice(PLUGIN_PREFIX.length).trim());
}

async function fetchTexts(octokit: ConfigOctokit, files: readonly (ConfigFileRef | null)[]): Promise<Map<string, string>> {
  const unique = new Map<string, ConfigFileRef>();
  for (const file of files) if (file !== null) unique.set(file.url, file);
  const texts = new Map<string, string>();
  for (const file of unique.values()) {
    const text = await fetchText(octokit, file);
    if (text !== null) texts.set(file.url, text);
  }
  return texts;
}

/** The file's text on the default branch, as the loader read it; null if it is gone since. */
async function fetchText(octokit: ConfigOctokit, { owner, repo, path }: ConfigFileRef): Promise<string | null> {
  try {
    const response = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path,
      mediaType: { format: "raw" },
    });
    const data: unknown = response.data;
    return typeof data === "string" ? data : null;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}

function withLine(problem: ConfigProblem, text: string | null | undefined, path: readonly string[]): ConfigProblem {
  const location = text === null || text === undefined ? null : locateYamlPath(text, path);
  return location === null ? problem : { ...problem, line: location.line, column: location.column };
}

function ref({ owner, repo, path, url }: ConfigFileRef): ConfigFileRef {
  return { owner, repo, path, url };
}

function label({ owner, repo, path }: ConfigFileRef): string {
  return `${owner}/${repo}:${path}`;
}
