import { describe, expect, it } from "vitest";
import {
  MAX_COMMAND_LINE_CHARS,
  MAX_COMMENT_CHARS,
  commandKey,
  parseCommand,
  type ParsedComment,
  type SlashCommand,
} from "../../src/commands/parse-command.js";

function command(body: string): SlashCommand {
  const parsed = parseCommand(body);
  if (parsed.kind !== "command") throw new Error(`expected a command from ${JSON.stringify(body)}, got ${JSON.stringify(parsed)}`);
  return parsed.command;
}

function problem(body: string): Extract<ParsedComment, { kind: "invalid" }> {
  const parsed = parseCommand(body);
  if (parsed.kind !== "invalid") throw new Error(`expected a problem from ${JSON.stringify(body)}, got ${JSON.stringify(parsed)}`);
  return parsed;
}

describe("parseCommand", () => {
  it("reads every command and its arguments", () => {
    expect(command("/secfix retry")).toEqual({ name: "retry", strategy: null });
    expect(command("/secfix retry recipe")).toEqual({ name: "retry", strategy: "recipe" });
    expect(command("/secfix retry autofix")).toEqual({ name: "retry", strategy: "autofix" });
    expect(command("/secfix retry llm")).toEqual({ name: "retry", strategy: "llm" });
    expect(command("/secfix explain")).toEqual({ name: "explain" });
    expect(command("/secfix status")).toEqual({ name: "status" });
    expect(command("/secfix approve")).toEqual({ name: "approve", sha: null });
    expect(command("/secfix approve 0a1b2c3d4e5f")).toEqual({ name: "approve", sha: "0a1b2c3d4e5f" });
    expect(command(`/secfix approve ${"AbCdEf0123".repeat(4)}`)).toEqual({ name: "approve", sha: "abcdef0123".repeat(4) });
    expect(command("/secfix dismiss used-in-tests")).toEqual({ name: "dismiss", reason: "used-in-tests", comment: null });
    expect(command("/secfix dismiss false-positive the input is a constant")).toEqual({
      name: "dismiss",
      reason: "false-positive",
      comment: "the input is a constant",
    });
    expect(command("/secfix rollback")).toEqual({ name: "rollback" });
    expect(command("/secfix help")).toEqual({ name: "help" });
  });

  it("accepts every dismissal reason", () => {
    for (const reason of ["false-positive", "wont-fix", "used-in-tests", "not-used", "tolerable-risk", "no-bandwidth"]) {
      expect(command(`/secfix dismiss ${reason}`)).toEqual({ name: "dismiss", reason, comment: null });
    }
  });

  it("returns the command line as written, trimmed, from a longer comment", () => {
    expect(parseCommand("Thanks, the tests pass now.\n\n/SecFix Retry  LLM   \n\nCheers")).toEqual({
      kind: "command",
      command: { name: "retry", strategy: "llm" },
      line: "/SecFix Retry  LLM",
    });
  });

  it("reads names and listed arguments in any case, and lower-cases a SHA", () => {
    expect(command("/secfix STATUS")).toEqual({ name: "status" });
    expect(command("/secfix Dismiss Wont-Fix Not Worth It")).toEqual({ name: "dismiss", reason: "wont-fix", comment: "Not Worth It" });
    expect(command("/secfix approve 0A1B2C3D4E5F")).toEqual({ name: "approve", sha: "0a1b2c3d4e5f" });
  });

  it("splits arguments on runs of spaces and tabs, and keeps the dismissal comment's inner spacing", () => {
    expect(command("/secfix\t retry \t autofix")).toEqual({ name: "retry", strategy: "autofix" });
    expect(command("/secfix dismiss  not-used   only in   the CLI  ")).toEqual({
      name: "dismiss",
      reason: "not-used",
      comment: "only in   the CLI",
    });
  });

  it("handles CRLF and CR line endings", () => {
    expect(parseCommand("Looks right.\r\n\r\n/secfix approve 0a1b2c3d4e5f\r\n")).toEqual({
      kind: "command",
      command: { name: "approve", sha: "0a1b2c3d4e5f" },
      line: "/secfix approve 0a1b2c3d4e5f",
    });
    expect(command("Looks right.\r\r/secfix status\r")).toEqual({ name: "status" });
  });

  describe("stays silent when no command was written", () => {
    it.each([
      ["an empty comment", ""],
      ["plain text", "LGTM, thanks!"],
      ["a longer word", "/secfixes retry"],
      ["a mention in the middle of a line", "Could someone run /secfix retry here?"],
      ["text before the command", "x /secfix retry"],
      ["an indented command", " /secfix retry"],
      ["indented code", "Example:\n\n    /secfix approve"],
      ["a tab-indented line", "\t/secfix approve"],
      ["a quoted command", "> /secfix approve"],
      ["a nested quote", "> > /secfix approve\n>\n> Sure"],
      ["a fenced command", "Run this:\n\n```\n/secfix approve\n```"],
      ["a tilde fence", "~~~\n/secfix approve\n~~~"],
      ["a fence indented by 3 spaces", "   ```\n/secfix approve\n   ```"],
      ["an unclosed fence", "```\n/secfix approve"],
      ["an HTML comment", "<!-- /secfix approve -->"],
      ["an HTML comment over lines", "Thanks\n<!--\n/secfix approve\n-->"],
      ["an HTML comment with CRLF", "<!--\r\n/secfix approve\r\n-->\r\n"],
    ])("%s", (_, body) => {
      expect(parseCommand(body)).toEqual({ kind: "none" });
    });
  });

  it("finds the visible command next to quoted and hidden ones", () => {
    expect(command("> /secfix approve\n\n```\n/secfix dismiss wont-fix\n```\n<!--\n/secfix rollback\n-->\n/secfix status")).toEqual({
      name: "status",
    });
  });

  it("refuses two or more commands in one comment, naming them", () => {
    expect(problem("/secfix retry\n/secfix approve")).toEqual({
      kind: "invalid",
      name: null,
      problem: "one command per comment; found 2: retry, approve. Post each command in a comment of its own.",
    });
    expect(problem("/secfix retry\n\n/secfix retry llm\n\n/secfix retry")).toMatchObject({
      name: "retry",
      problem: expect.stringContaining("found 3: retry, retry, retry"),
    });
    expect(problem("/secfix status\n/secfix deploy-now").problem).toContain("found 2: status, `deploy-now`");
  });

  describe("unknown commands", () => {
    it("suggests the command one or two edits away and lists them all", () => {
      expect(problem("/secfix retyr")).toEqual({
        kind: "invalid",
        name: null,
        problem:
          "`retyr` is not a secfix command. Did you mean `retry`? The commands are retry, explain, status, approve, dismiss, rollback, help; `/secfix help` lists them.",
      });
      expect(problem("/secfix --help").problem).toContain("Did you mean `help`?");
      expect(problem("/secfix aprove").problem).toContain("Did you mean `approve`?");
    });

    it("suggests nothing when no command is close", () => {
      const refusal = problem("/secfix deploy");
      expect(refusal.problem).not.toContain("Did you mean");
      expect(refusal.problem).toContain("retry, explain, status, approve, dismiss, rollback, help");
    });

    it("points a bare /secfix to help", () => {
      expect(problem("/secfix")).toEqual({
        kind: "invalid",
        name: null,
        problem: "`/secfix` needs a command: retry, explain, status, approve, dismiss, rollback, help; `/secfix help` lists them.",
      });
      expect(problem("/secfix   ").problem).toContain("`/secfix help`");
    });
  });

  describe("arguments", () => {
    it("allows only the listed retry strategies", () => {
      expect(problem("/secfix retry fast")).toEqual({
        kind: "invalid",
        name: "retry",
        problem:
          "`fast` is not a retry strategy. Use one of recipe, autofix, llm, for example `/secfix retry llm`, or no strategy to let secfix choose.",
      });
      expect(problem("/secfix retry --strategy=llm").problem).toContain("Use one of recipe, autofix, llm");
      expect(problem("/secfix retry lm").problem).toContain("Did you mean `llm`?");
      expect(problem("/secfix retry llm now").problem).toBe("`/secfix retry` takes one optional strategy; remove `now`.");
    });

    it("takes a 12 to 40 digit hex SHA for approve, and nothing else", () => {
      expect(problem("/secfix approve 0a1b2c").problem).toContain("is not a commit SHA");
      // GitHub's 7-digit short SHA is refused: two commits sharing it can be made on purpose.
      expect(problem("/secfix approve 0a1b2c3").problem).toContain("12 to 40 hex digits");
      expect(problem("/secfix approve 0a1b2c3d4e5").problem).toContain("is not a commit SHA");
      expect(problem(`/secfix approve ${"a".repeat(41)}`).problem).toContain("is not a commit SHA");
      expect(problem("/secfix approve 0a1b2cz").problem).toContain("`0a1b2cz` is not a commit SHA");
      expect(problem("/secfix approve HEAD").name).toBe("approve");
      expect(problem("/secfix approve 0a1b2c3d4e5f please").problem).toBe("`/secfix approve` takes one optional commit SHA; remove `please`.");
    });

    it("requires a listed reason for dismiss", () => {
      expect(problem("/secfix dismiss")).toEqual({
        kind: "invalid",
        name: "dismiss",
        problem:
          "`/secfix dismiss` needs a reason: false-positive, wont-fix, used-in-tests, not-used, tolerable-risk, no-bandwidth; for example `/secfix dismiss false-positive the input is a constant`.",
      });
      expect(problem("/secfix dismiss wontfix").problem).toBe(
        "`wontfix` is not a dismissal reason. Did you mean `wont-fix`? Use one of false-positive, wont-fix, used-in-tests, not-used, tolerable-risk, no-bandwidth.",
      );
      expect(problem("/secfix dismiss because it is fine").problem).toContain("`because` is not a dismissal reason");
    });

    it("caps the dismissal comment at GitHub's 280 characters", () => {
      expect(command(`/secfix dismiss wont-fix ${"x".repeat(280)}`)).toMatchObject({ comment: "x".repeat(280) });
      // Counted in characters, as GitHub does, not UTF-16 units.
      expect(command(`/secfix dismiss wont-fix ${"🔒".repeat(150)}`)).toMatchObject({ reason: "wont-fix" });
      expect(problem(`/secfix dismiss wont-fix ${"x".repeat(281)}`)).toEqual({
        kind: "invalid",
        name: "dismiss",
        problem: "the dismissal comment is 281 characters long; GitHub keeps at most 280. Shorten it.",
      });
    });

    it("refuses arguments to commands that take none", () => {
      for (const name of ["explain", "status", "rollback", "help"]) {
        expect(problem(`/secfix ${name} please now`)).toEqual({
          kind: "invalid",
          name,
          problem: `\`/secfix ${name}\` takes no arguments; got \`please now\`.`,
        });
      }
    });
  });

  describe("echoing user text", () => {
    it("shows at most 60 characters of it", () => {
      const refusal = problem(`/secfix ${"x".repeat(300)}`);
      expect(refusal.problem).toContain(`\`${"x".repeat(59)}…\``);
      expect(refusal.problem).not.toContain("x".repeat(60));
    });

    it("strips backticks so the text stays inside its code span", () => {
      const refusal = problem("/secfix retry `@octocat`");
      expect(refusal.problem).toContain("`@octocat` is not a retry strategy");
      expect(refusal.problem.split("`").length % 2).toBe(1);
    });
  });

  describe("limits", () => {
    it("refuses a command in a comment longer than 16,384 characters", () => {
      const body = `/secfix approve\n\n${"Long log line.\n".repeat(2_000)}`;
      expect(body.length).toBeGreaterThan(MAX_COMMENT_CHARS);
      expect(problem(body)).toEqual({
        kind: "invalid",
        name: "approve",
        problem: `this comment is ${body.length.toLocaleString("en-US")} characters long; secfix reads commands only in comments of at most 16,384 characters. Post the command in a comment of its own.`,
      });
    });

    it("stays silent on a long comment without a command, or with one only in code", () => {
      expect(parseCommand("Long log line.\n".repeat(2_000))).toEqual({ kind: "none" });
      expect(parseCommand("```\n/secfix approve\n" + "Long log line.\n".repeat(2_000) + "```")).toEqual({ kind: "none" });
    });

    it("accepts a command in a comment of exactly 16,384 characters, not one more", () => {
      const head = "/secfix status\n\n";
      const body = head + "x".repeat(MAX_COMMENT_CHARS - head.length);
      expect(command(body)).toEqual({ name: "status" });
      expect(problem(`${body}x`).problem).toContain("16,385 characters long");
    });

    it("refuses a command line longer than 400 characters", () => {
      const line = `/secfix dismiss wont-fix ${"word ".repeat(80)}`.trimEnd();
      expect(line.length).toBeGreaterThan(MAX_COMMAND_LINE_CHARS);
      expect(problem(line)).toEqual({
        kind: "invalid",
        name: "dismiss",
        problem: `the command line is ${line.length} characters long; the limit is 400.`,
      });
    });
  });

  describe("hidden characters", () => {
    it.each([
      ["a zero-width space inside the name", "/secfix app\u200Brove", "U+200B"],
      ["a zero-width space as the separator", "/secfix\u200Bapprove", "U+200B"],
      ["a byte order mark before the slash", "\uFEFF/secfix approve", "U+FEFF"],
      ["a right-to-left override in the comment", "/secfix dismiss wont-fix \u202Eexif ot emit on", "U+202E"],
      ["a tag character", "/secfix retry\u{E006C}\u{E006C}\u{E006D}", "U+E006C"],
      ["a no-break space", "/secfix\u00A0retry", "U+00A0"],
      ["a control character", "/secfix retry\u0007", "U+0007"],
    ])("refuses %s", (_, body, code) => {
      const refusal = problem(body);
      expect(refusal.problem).toBe(
        `the command line contains a character that cannot be seen or told from a space (${code}); type the command again as plain text.`,
      );
    });

    it("names the command when it can still be read", () => {
      expect(problem("\uFEFF/secfix approve").name).toBe("approve");
    });
  });

  describe("commands that might be hidden or quoted", () => {
    it("refuses a command that may be an image's alt text", () => {
      expect(problem("![diagram\n/secfix approve\n](https://example.com/d.png)")).toEqual({
        kind: "invalid",
        name: "approve",
        problem:
          "`/secfix approve` was not run: it continues a paragraph that opens a link or image (`[`), whose text or title can be hidden. Write the command at the start of its own paragraph (after a blank line), outside HTML, links and quotes.",
      });
    });

    it("refuses a command inside collapsed details", () => {
      expect(problem("<details>\n\n/secfix approve\n\n</details>").problem).toContain("`<details>` element");
    });

    it("refuses a command that continues a quote", () => {
      expect(problem("> Can you approve?\n/secfix approve").problem).toContain("block quote");
    });

    it("refuses a command line that holds an HTML comment", () => {
      expect(problem("/secfix retry <!-- llm -->").problem).toContain("the line itself contains HTML");
    });
  });

  describe("adversarial bodies", () => {
    it("refuses a megabyte-long command line", () => {
      const body = "/secfix " + "a ".repeat(500_000);
      expect(problem(body).problem).toContain("secfix reads commands only in comments of at most 16,384 characters");
    });

    it("reads 100,000 fence lines", () => {
      expect(parseCommand("```\n".repeat(100_000))).toEqual({ kind: "none" });
      expect(parseCommand("```\n".repeat(100_001) + "/secfix approve")).toEqual({ kind: "none" });
      expect(problem("```\n".repeat(100_000) + "/secfix approve").name).toBe("approve");
    });

    it("reads bodies full of markup", () => {
      expect(parseCommand("<!--".repeat(250_000))).toEqual({ kind: "none" });
      expect(parseCommand("<a ".repeat(300_000))).toEqual({ kind: "none" });
      expect(parseCommand("[".repeat(1_000_000))).toEqual({ kind: "none" });
      expect(parseCommand("\n".repeat(1_000_000))).toEqual({ kind: "none" });
    });

    it("counts a flood of command lines without listing them all", () => {
      const refusal = problem("/secfix retry\n".repeat(1_000));
      expect(refusal.problem).toContain("found 1000: retry, retry");
      expect(refusal.problem.length).toBeLessThan(300);
    });
  });
});

describe("commandKey", () => {
  it("gives one canonical text per command and arguments", () => {
    expect(commandKey({ name: "retry", strategy: null })).toBe("retry");
    expect(commandKey({ name: "retry", strategy: "llm" })).toBe("retry llm");
    expect(commandKey({ name: "approve", sha: null })).toBe("approve");
    expect(commandKey({ name: "approve", sha: "0a1b2c3d4e5f" })).toBe("approve 0a1b2c3d4e5f");
    expect(commandKey({ name: "dismiss", reason: "false-positive", comment: "constant input" })).toBe("dismiss false-positive");
    expect(commandKey({ name: "explain" })).toBe("explain");
    expect(commandKey({ name: "status" })).toBe("status");
    expect(commandKey({ name: "rollback" })).toBe("rollback");
    expect(commandKey({ name: "help" })).toBe("help");
  });

  it("is the same however the command was typed", () => {
    expect(commandKey(command("/SECFIX Retry LLM"))).toBe(commandKey(command("/secfix retry llm")));
    expect(commandKey(command("/secfix approve 0A1B2C3D4E5F"))).toBe("approve 0a1b2c3d4e5f");
    expect(commandKey(command("/secfix dismiss wont-fix first wording"))).toBe(commandKey(command("/secfix dismiss wont-fix second")));
  });
});
