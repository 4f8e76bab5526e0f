import { codeSpan } from "../domain/markdown.js";
import { DISMISS_REASONS, DISMISS_REASON_DESCRIPTIONS } from "./dismiss-reasons.js";
import { MAX_DISMISS_COMMENT_CHARS, RETRY_STRATEGIES } from "./parse-command.js";

export interface HelpTeams {
  /** `approvers.security`: may approve any fix and dismiss alerts. */
  securityTeams: readonly string[];
  /** The configured approver teams (customer-facing, new pattern, high risk); a fix needs those its requirements name. */
  approverTeams: readonly string[];
}

const WRITERS = "Anyone with write access to the repository";

/** `/secfix help`: every command, its arguments, what it does and who may run it, for this fix. */
export function renderCommandHelp(who: HelpTeams): string {
  const rows: [string, string, string, string][] = [
    [
      "retry",
      `${codeSpan("[strategy]")}: ${RETRY_STRATEGIES.map((strategy) => codeSpan(strategy)).join(", ")}`,
      "Re-plans the fix from the current base branch and alert, optionally forcing a strategy.",
      WRITERS,
    ],
    ["explain", "none", "Posts the finding, the plan, the risk and the gate evidence.", WRITERS],
    ["status", "none", "Posts the fix's state and history.", WRITERS],
    [
      "approve",
      `${codeSpan("[sha]")}: the PR head you reviewed (12 to 40 hex digits)`,
      "Approves the fix at its current head: the head when the comment was posted, or the SHA given. A later push needs a new approval.",
      `${approvers(who)}; never someone whose commits are in the PR`,
    ],
    [
      "dismiss",
      `${codeSpan("<reason> [comment]")}: a reason below; the comment (at most ${MAX_DISMISS_COMMENT_CHARS} characters) is kept on the alert`,
      "Dismisses the alert(s) on GitHub with the reason and closes the PR.",
      who.securityTeams.length > 0
        ? `Members of the security teams (${teams(who.securityTeams)})`
        : "Repository admins (no security teams are configured)",
    ],
    ["rollback", "none", "Opens a PR that reverts a merged secfix fix.", WRITERS],
    ["help", "none", "Posts this list.", "Anyone"],
  ];
  return [
    "### secfix commands",
    "",
    "Post a command in a new comment on a secfix pull request or issue, at the start of a line and in a paragraph of its own, one command per comment. " +
      "Commands in quotes, code blocks or HTML comments are ignored, and so are edits to a comment: post a new comment instead.",
    "",
    "| Command | Arguments | What it does | Who may run it |",
    "| --- | --- | --- | --- |",
    ...rows.map(([name, args, does, runs]) => `| ${codeSpan(`/secfix ${name}`)} | ${args} | ${does} | ${runs} |`),
    "",
    "Dismissal reasons:",
    "",
    ...DISMISS_REASONS.map((reason) => `- ${codeSpan(reason)}: ${DISMISS_REASON_DESCRIPTIONS[reason]}`),
    "",
  ].join("\n");
}

function approvers(who: HelpTeams): string {
  const approver = who.approverTeams.length > 0 ? `the approver teams that apply to the fix (any of ${teams(who.approverTeams)})` : null;
  const security = who.securityTeams.length > 0 ? `the security teams (${teams(who.securityTeams)})` : null;
  if (approver !== null && security !== null) return `Members of ${approver} or of ${security}`;
  if (approver !== null || security !== null) return `Members of ${approver ?? security}`;
  // With no team named, an approval requirement falls back to write access (as approving reviews do).
  return `${WRITERS} (no approver or security teams are configured: see \`approvers\` in \`.github/secfix.yml\`)`;
}

/** Team names in code spans, so help never notifies a team. */
function teams(names: readonly string[]): string {
  return [...new Set(names.map((name) => name.replace(/^@/, "")))]
    .map((name) => codeSpan(name.includes("/") ? `@${name}` : name))
    .join(", ");
}
