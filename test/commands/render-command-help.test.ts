import { describe, expect, it } from "vitest";
import { renderCommandHelp } from "../../src/commands/render-command-help.js";

/** The table row for a command, e.g. "| `/secfix retry` | … |". */
function row(help: string, name: string): string {
  const line = help.split("\n").find((candidate) => candidate.startsWith(`| \`/secfix ${name}\` |`));
  if (line === undefined) throw new Error(`no row for ${name} in:\n${help}`);
  return line;
}

describe("renderCommandHelp", () => {
  const help = renderCommandHelp({ securityTeams: ["security", "acme/appsec"], approverTeams: ["acme/payments"] });

  it("has a row for every command with its arguments, effect and who may run it", () => {
    for (const name of ["retry", "explain", "status", "approve", "dismiss", "rollback", "help"]) {
      expect(row(help, name).split(" | ")).toHaveLength(4);
    }
    expect(row(help, "retry")).toContain("`recipe`, `autofix`, `llm`");
    expect(row(help, "retry")).toContain("Re-plans the fix from the current base branch and alert");
    expect(row(help, "explain")).toContain("the finding, the plan, the risk and the gate evidence");
    expect(row(help, "status")).toContain("state and history");
    expect(row(help, "approve")).toContain("`[sha]`");
    expect(row(help, "dismiss")).toContain("`<reason> [comment]`");
    expect(row(help, "dismiss")).toContain("Dismisses the alert(s) on GitHub with the reason and closes the PR");
    expect(row(help, "rollback")).toContain("reverts a merged secfix fix");
    expect(row(help, "help")).toMatch(/\| Anyone \|$/);
    for (const name of ["retry", "explain", "status", "rollback"]) {
      expect(row(help, name)).toMatch(/\| Anyone with write access to the repository \|$/);
    }
  });

  it("says who may approve and dismiss, never by someone whose commits are in the PR", () => {
    expect(row(help, "approve")).toContain(
      "Members of the approver teams that apply to the fix (any of `@acme/payments`) or of the security teams (`security`, `@acme/appsec`); never someone whose commits are in the PR",
    );
    expect(row(help, "approve")).toContain("the head when the comment was posted, or the SHA given");
    expect(row(help, "dismiss")).toContain("Members of the security teams (`security`, `@acme/appsec`)");
  });

  it("falls back to repository admins for dismiss when no security team is configured", () => {
    const bare = renderCommandHelp({ securityTeams: [], approverTeams: ["payments"] });
    expect(row(bare, "dismiss")).toContain("Repository admins (no security teams are configured)");
    expect(row(bare, "approve")).toContain("Members of the approver teams that apply to the fix (any of `payments`); never");
    const none = renderCommandHelp({ securityTeams: [], approverTeams: [] });
    expect(row(none, "approve")).toContain("no approver or security teams are configured");
  });

  it("never mentions a team: every @ sits inside a code span", () => {
    const withoutCode = help.replace(/`[^`]*`/g, "");
    expect(withoutCode).not.toContain("@");
    expect(renderCommandHelp({ securityTeams: ["@acme/appsec"], approverTeams: [] })).toContain("(`@acme/appsec`)");
  });

  it("states the rules for writing a command", () => {
    expect(help).toContain("at the start of a line");
    expect(help).toContain("one command per comment");
    expect(help).toContain("edits to a comment");
  });

  it("lists the dismissal reasons", () => {
    for (const reason of ["false-positive", "wont-fix", "used-in-tests", "not-used", "tolerable-risk", "no-bandwidth"]) {
      expect(help).toContain(`- \`${reason}\`: `);
    }
  });
});
