import { codeSpan, escapeMarkdown } from "../domain/markdown.js";
import { CONFIG_PATH } from "./config.schema.js";
import type { ConfigFileRef, ConfigProblem, ConfigResult } from "./validate-config.js";

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure";
  title: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  annotations: CheckRunAnnotation[];
}

export interface Repository {
  owner: string;
  repo: string;
}

/** GitHub accepts at most 50 annotations per check-run request. */
export const MAX_ANNOTATIONS = 50;
// GitHub caps summary and text at 65,535 bytes each; the table stops well short so notes always fit.
const TABLE_BUDGET_BYTES = 24_000;
const CELL_MAX_CHARS = 300;

export const WHAT_TO_DO = "fix the file on the default branch; secfix acts on nothing in this repository until then.";

/** Check-run output telling the repository owner what is wrong with the config and what to do. */
export function renderConfigProblems(problems: readonly ConfigProblem[], repository: Repository): CheckRunOutput {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const header = ["| File | Line | Setting | Problem |", "| --- | --- | --- | --- |"];
  const rows: string[] = [];
  let bytes = 0;
  for (const problem of problems) {
    const row = tableRow(problem, repository);
    bytes += Buffer.byteLength(row, "utf8") + 1;
    if (bytes > TABLE_BUDGET_BYTES) break;
    rows.push(row);
  }
  const hidden = problems.length - rows.length;

  const summary = [
    `secfix could not use its configuration for **${escapeMarkdown(`${repository.owner}/${repository.repo}`)}** (${count}), so it acts on nothing in this repository.`,
    "",
    ...header,
    ...rows,
    ...(hidden > 0 ? ["", `…and ${hidden} more ${hidden === 1 ? "problem" : "problems"} not shown here; fix these first and the rest will be listed.`] : []),
    "",
    `**What to do:** ${WHAT_TO_DO}`,
  ].join("\n");

  const inherited = problems.some((problem) => problem.file !== null && !isOwnFile(problem.file, repository));
  const text = [
    "### How secfix reads its configuration",
    "",
    `secfix reads \`${CONFIG_PATH}\` from the default branch of this repository. If there is none, it reads the same path in the owner's \`.github\` repository. A file can inherit another with \`_extends: repo\`, \`_extends: owner/repo\` or \`_extends: owner/repo:path/to/file.yml\`; the more specific file wins key by key, and a list replaces the inherited list instead of adding to it.`,
    "",
    "A config file with any problem is not used at all, not even in part: secfix does not fall back to its defaults, because they may allow more than you intended.",
    ...(inherited
      ? [
          "",
          "Some problems are in a file this repository inherits. Fix that file in its own repository, or stop inheriting it by removing `_extends` here.",
        ]
      : []),
  ].join("\n");

  return {
    title: `${CONFIG_PATH} is invalid: ${count}`,
    summary,
    text,
    annotations: annotationsFor(problems, repository),
  };
}

/** Check-run output for a config that secfix can use again (or never needed: no file means defaults). */
export function renderConfigValid(result: Exclude<ConfigResult, { status: "invalid" }>): Omit<CheckRunOutput, "annotations"> {
  if (result.status === "missing") {
    return {
      title: "No secfix configuration: defaults apply",
      summary: `There is no \`${CONFIG_PATH}\` in this repository or in the owner's \`.github\` repository, so secfix uses its defaults.`,
      text: `To change them, add \`${CONFIG_PATH}\` on the default branch of this repository, or of the owner's \`.github\` repository to cover every repository without one.`,
    };
  }
  const files = result.files.map((file) => `- ${codeSpan(fileLabel(file))}`);
  return {
    title: "secfix configuration is valid",
    summary: `The configuration is valid; secfix acts on this repository with it.`,
    text: ["Read from, most general first:", "", ...files].join("\n"),
  };
}

function tableRow(problem: ConfigProblem, repository: Repository): string {
  const file = problem.file === null ? "—" : codeSpan(clip(isOwnFile(problem.file, repository) ? problem.file.path : fileLabel(problem.file)));
  const line = problem.line === null ? "—" : String(problem.line);
  const key = problem.keyPath === "" ? "(whole file)" : codeSpan(clip(problem.keyPath));
  // The key has its own column, so drop the message's leading copy of it; the rest may quote user text.
  const prefix = `\`${problem.keyPath}\` `;
  const message = problem.keyPath !== "" && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
  return `| ${file} | ${line} | ${key} | ${escapeMarkdown(clip(message))} |`;
}

function annotationsFor(problems: readonly ConfigProblem[], repository: Repository): CheckRunAnnotation[] {
  const annotations: CheckRunAnnotation[] = [];
  for (const problem of problems) {
    if (annotations.length === MAX_ANNOTATIONS) break;
    // An annotation on another repository's file would land on a path that does not exist here.
    if (problem.file === null || problem.line === null || !isOwnFile(problem.file, repository)) continue;
    annotations.push({
      path: problem.file.path,
      start_line: problem.line,
      end_line: problem.line,
      annotation_level: "failure",
      title: problem.keyPath === "" ? "secfix config" : `secfix config: ${clip(problem.keyPath)}`,
      message: clip(problem.message, 2_000),
    });
  }
  return annotations;
}

function isOwnFile(file: ConfigFileRef, repository: Repository): boolean {
  return file.owner.toLowerCase() === repository.owner.toLowerCase() && file.repo.toLowerCase() === repository.repo.toLowerCase();
}

function fileLabel(file: ConfigFileRef): string {
  return `${file.owner}/${file.repo}:${file.path}`;
}

function clip(text: string, max = CELL_MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
