import { describe, expect, it } from "vitest";
import { chooseCodeFix, type CodeFixStrategy } from "../../src/patch/choose-code-fix.js";
import { recipeStrategy } from "../../src/patch/code-fix-strategies.js";
import type { Recipe } from "../../src/domain/code-fix.js";
import { failed, passed } from "../../src/domain/gate-verdict.js";

const alert = { ruleId: "js/sql-injection", tool: "CodeQL", path: "a.js", startLine: 1, endLine: 1, startColumn: null, endColumn: null, message: "m", ruleHelp: null, severity: "high", cwes: [] };

describe("the strategy chain", () => {
  it("takes the first candidate that passes the checks and does not ask later strategies", async () => {
    const asked: string[] = [];
    const strategy = (name: CodeFixStrategy["name"], after: string): CodeFixStrategy => ({
      name,
      propose: async () => {
        asked.push(name);
        return { strategy: name, source: name, changes: [{ path: "a.js", before: "x", after }], explanation: name };
      },
    });
    const choice = await chooseCodeFix([strategy("recipe", "bad"), strategy("autofix", "good"), strategy("llm", "good")], (changes) => [
      changes[0]!.after === "good" ? passed("scope") : failed("scope", ["a.js: outside the plan"]),
    ]);
    expect(choice.winner?.strategy).toBe("autofix");
    expect(asked).toEqual(["recipe", "autofix"]);
    expect(choice.rejected).toEqual([{ strategy: "recipe", source: "recipe", reason: "failed local checks: scope (a.js: outside the plan)" }]);
  });

  it("turns a recipe that throws into a decline, so the next strategy still runs", async () => {
    const throwing: Recipe = {
      family: "sql-injection",
      ruleIds: ["js/sql-injection"],
      fix: () => {
        throw new TypeError("cannot read properties of undefined");
      },
    };
    expect(await recipeStrategy(alert, "db.query(x)", [throwing]).propose()).toEqual({
      declined: "recipe sql-injection failed: cannot read properties of undefined",
    });
  });

  it("says when no recipe claims the rule", async () => {
    expect(await recipeStrategy({ ...alert, ruleId: "py/sql-injection" }, "").propose()).toEqual({ declined: "no recipe for py/sql-injection" });
  });
});
