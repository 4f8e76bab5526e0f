import { describe, expect, it } from "vitest";
import { approverAuthority, commandAuthority, describeAuthority } from "../../src/commands/command-authority.js";

describe("commandAuthority", () => {
  it("lets anyone ask for help, writers read and retry, and keeps dismissal for the security teams", () => {
    expect(commandAuthority({ name: "help" }, ["appsec"])).toEqual({ kind: "anyone" });
    for (const command of [{ name: "retry", strategy: null }, { name: "status" }, { name: "explain" }, { name: "rollback" }] as const) {
      expect(commandAuthority(command, ["appsec"])).toEqual({ kind: "write" });
    }
    expect(commandAuthority({ name: "dismiss", reason: "wont-fix", comment: null }, ["appsec"])).toEqual({ kind: "teams", teams: ["appsec"], fallback: "admin" });
  });

  it("needs admin to dismiss when no security team is configured, and says so", () => {
    const authority = commandAuthority({ name: "dismiss", reason: "wont-fix", comment: null }, []);
    expect(describeAuthority(authority)).toBe("repository admins (no security team is configured in `approvers.security`)");
  });

  it("names approver and security teams once each, without mentioning them", () => {
    const authority = approverAuthority(["api-owners", "appsec"], ["appsec", "my-org/sec`urity"]);
    expect(authority).toEqual({ kind: "teams", teams: ["api-owners", "appsec", "my-org/sec`urity"], fallback: "write" });
    expect(describeAuthority(authority)).toBe("members of `api-owners` or `appsec` or `my-org/security`");
  });

  it("falls back to writers for an approval requirement that names no team", () => {
    expect(describeAuthority(approverAuthority([], []))).toBe("people with write access to this repository");
  });
});
