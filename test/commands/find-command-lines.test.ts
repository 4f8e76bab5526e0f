import { describe, expect, it } from "vitest";
import { findCommandLines, firstInvisibleCharacter } from "../../src/commands/find-command-lines.js";

/** The command lines a reader would see as plain commands. */
function plain(body: string): string[] {
  return findCommandLines(body)
    .filter((line) => line.doubt === null)
    .map((line) => line.text);
}

/** The command lines found but doubted, with the reason. */
function doubted(body: string): { text: string; doubt: string | null }[] {
  return findCommandLines(body).filter((line) => line.doubt !== null);
}

describe("findCommandLines", () => {
  it("finds a command at the start of any line, whatever the line endings", () => {
    expect(plain("/secfix retry")).toEqual(["/secfix retry"]);
    expect(plain("Thanks!\n\n/secfix status\n")).toEqual(["/secfix status"]);
    expect(plain("Thanks!\r\n\r\n/secfix status\r\n")).toEqual(["/secfix status"]);
    expect(plain("Thanks!\r\r/secfix status\r")).toEqual(["/secfix status"]);
    expect(plain("LGTM\n/secfix approve")).toEqual(["/secfix approve"]);
    expect(plain("/SECFIX help")).toEqual(["/SECFIX help"]);
    expect(plain("/secfix")).toEqual(["/secfix"]);
    expect(plain("/secfix\tretry")).toEqual(["/secfix\tretry"]);
  });

  it("needs /secfix at column 0, followed by a space, a tab or the end of the line", () => {
    expect(findCommandLines("/secfixes retry")).toEqual([]);
    expect(findCommandLines("/secfix-bot retry")).toEqual([]);
    expect(findCommandLines(" /secfix retry")).toEqual([]);
    expect(findCommandLines("\t/secfix retry")).toEqual([]);
    expect(findCommandLines("x /secfix retry")).toEqual([]);
    expect(findCommandLines("Could someone run /secfix retry on this?")).toEqual([]);
  });

  it("still reports a command hidden behind invisible characters, so it can be refused", () => {
    expect(findCommandLines("\u200B/secfix approve")).toEqual([{ text: "\u200B/secfix approve", doubt: null }]);
    expect(findCommandLines("/secfix\u200Bapprove")).toEqual([{ text: "/secfix\u200Bapprove", doubt: null }]);
    expect(findCommandLines("/secfix\u00A0approve")).toEqual([{ text: "/secfix\u00A0approve", doubt: null }]);
  });

  it("skips block quotes and indented code", () => {
    expect(findCommandLines("> /secfix approve")).toEqual([]);
    expect(findCommandLines("   > /secfix approve")).toEqual([]);
    expect(findCommandLines(">> /secfix approve")).toEqual([]);
    expect(findCommandLines("    /secfix approve")).toEqual([]);
    expect(findCommandLines("Example:\n\n\t/secfix approve")).toEqual([]);
  });

  describe("fenced code", () => {
    it("skips lines inside backtick and tilde fences", () => {
      expect(findCommandLines("```\n/secfix approve\n```")).toEqual([]);
      expect(findCommandLines("~~~ text\n/secfix approve\n~~~")).toEqual([]);
      expect(plain("```\n/secfix approve\n```\n/secfix retry")).toEqual(["/secfix retry"]);
    });

    it("closes a fence only with the same character, at least as many times, and nothing after it", () => {
      expect(plain("````\n```\n/secfix approve\n````\n/secfix retry")).toEqual(["/secfix retry"]);
      expect(findCommandLines("```\n~~~\n/secfix approve\n```")).toEqual([]);
      expect(findCommandLines("```\n``` not a close\n/secfix approve\n```")).toEqual([]);
      expect(plain("```\ncode\n   ```   \n/secfix retry")).toEqual(["/secfix retry"]);
    });

    it("hides everything after a fence that never closes", () => {
      expect(findCommandLines("```js\nlet a;\n\n/secfix approve\n")).toEqual([]);
    });

    it("does not take inline code with backticks in the info string for a fence", () => {
      expect(plain("``` a ` b\n/secfix retry")).toEqual(["/secfix retry"]);
    });

    it("ignores commands in a fence indented by up to 3 spaces and doubts what follows it", () => {
      // Such a fence may belong to a list item, which a line at column 0 would have closed.
      expect(findCommandLines("   ```\n/secfix approve\n   ```")).toEqual([]);
      expect(doubted("- step\n  ```\n  code\n  ```\n\n/secfix retry")).toEqual([
        { text: "/secfix retry", doubt: expect.stringContaining("indented code fence") },
      ]);
      expect(findCommandLines("    ```\n/secfix retry\n    ```")).toEqual([{ text: "/secfix retry", doubt: null }]);
    });
  });

  describe("HTML comments", () => {
    it("skips a comment over several lines, blank lines and fences included", () => {
      expect(findCommandLines("<!--\n/secfix approve\n-->")).toEqual([]);
      expect(findCommandLines("<!-- hidden\r\n\r\n/secfix approve\r\n```\r\n-->")).toEqual([]);
      expect(plain("<!--\n/secfix approve\n-->\n/secfix status")).toEqual(["/secfix status"]);
      expect(plain("Done.\n<!-- secfix:state -->\n/secfix status")).toEqual(["/secfix status"]);
    });

    it("ends `<!-->` and `<!--->` at once, as browsers do", () => {
      expect(findCommandLines("<!-->\n```\n-->\n/secfix approve\n```")).toEqual([]);
      expect(plain("<!--->\n/secfix status")).toEqual(["/secfix status"]);
    });

    it("hides a comment opened inside a paragraph, and doubts everything after it", () => {
      expect(findCommandLines("Looks good <!-- \n/secfix approve\n-->")).toEqual([]);
      expect(doubted("Looks good <!-- \n/secfix approve\n-->\n\n/secfix status")).toEqual([
        { text: "/secfix status", doubt: expect.stringContaining("HTML comment") },
      ]);
      expect(plain("Looks good <!-- note -->\n/secfix status")).toEqual(["/secfix status"]);
    });

    it("doubts what follows a comment that browsers end early at --!>", () => {
      expect(doubted("<!-- a --!> <b title='\n-->\n/secfix approve\n'>")).toEqual([
        { text: "/secfix approve", doubt: expect.stringContaining("--!>") },
      ]);
    });

    it("reads the rest of a comment's closing line as HTML", () => {
      expect(doubted("<!-- a --> <b title='\n\n/secfix approve\n\n'>")).toHaveLength(1);
    });
  });

  describe("raw HTML", () => {
    it("accepts a command after a closed image tag and a blank line", () => {
      const upload = '<img width="640" alt="screenshot" src="https://github.com/user-attachments/assets/1">';
      expect(plain(`${upload}\n\n/secfix retry`)).toEqual(["/secfix retry"]);
      expect(plain("Done with <b>bold</b> words.\n\n/secfix retry")).toEqual(["/secfix retry"]);
    });

    it("doubts a command inside a block of HTML", () => {
      expect(doubted("<div>\n/secfix approve\n</div>")).toEqual([
        { text: "/secfix approve", doubt: expect.stringContaining("inside a block of HTML") },
      ]);
    });

    it("doubts commands after elements that can fold or drop text", () => {
      for (const body of [
        "<details><summary>Log</summary>\n\n/secfix approve\n\n</details>",
        "<script>\n\n/secfix approve\n</script>",
        "x <sub><sub><sub>\n/secfix approve",
        "<template>\n\n/secfix approve\n\n</template>",
        "<?php\n/secfix approve\n?>",
      ]) {
        expect(doubted(body), body).toHaveLength(1);
        expect(plain(body), body).toEqual([]);
      }
    });

    it("doubts commands after an attribute that stays open past its line", () => {
      expect(doubted('<a title="\n/secfix approve\n">x</a>')).toHaveLength(1);
      expect(doubted("<div title='\n\n/secfix approve\n\n'>")).toHaveLength(1);
      expect(doubted("Text <span\n  title='x'>\n\n/secfix approve")).toHaveLength(1);
    });

    it("does not let a comment GitHub may reject hide an open tag", () => {
      // cmark-gfm rejects a comment holding `--`: the `<b title='` inside it is then a real tag.
      expect(doubted("x <!-- --!> <b title=' -->\n/secfix approve\n'>")).toHaveLength(1);
    });

    it("doubts a command after a code fence that may be raw HTML", () => {
      expect(doubted("  <div>\n```\n\n<!--\n```\n/secfix approve\n-->")).toHaveLength(1);
    });

    it("doubts a command line that holds HTML itself", () => {
      expect(doubted("/secfix retry <!-- llm -->")).toEqual([
        { text: "/secfix retry <!-- llm -->", doubt: expect.stringContaining("contains HTML") },
      ]);
    });

    it("leaves `<` that is not markup alone", () => {
      expect(plain("a < b and 1 <3\n/secfix retry")).toEqual(["/secfix retry"]);
    });
  });

  describe("links and images", () => {
    it("doubts a command that may be an image's alt text or a link's title", () => {
      for (const body of [
        "![screenshot\n/secfix approve\n](https://example.com/a.png)",
        '[docs](https://example.com "\n/secfix approve\n")',
        '[ref]: https://example.com "\n/secfix approve\n"',
      ]) {
        expect(doubted(body), body).toEqual([{ text: "/secfix approve", doubt: expect.stringContaining("link or image") }]);
      }
    });

    it("accepts the command once a blank line has ended the paragraph", () => {
      expect(plain("See [the docs](https://example.com).\n\n/secfix retry")).toEqual(["/secfix retry"]);
    });
  });

  it("doubts a command that continues a block quote without a blank line", () => {
    expect(doubted("> Please approve\n/secfix approve")).toEqual([
      { text: "/secfix approve", doubt: expect.stringContaining("block quote") },
    ]);
    expect(plain("> Please approve\n\n/secfix approve")).toEqual(["/secfix approve"]);
  });

  it("stays linear on adversarial bodies", () => {
    expect(findCommandLines("```\n".repeat(100_000))).toEqual([]);
    expect(findCommandLines("```\n".repeat(100_001) + "/secfix approve")).toEqual([]);
    expect(plain("```\n".repeat(100_000) + "/secfix approve")).toEqual(["/secfix approve"]);
    expect(doubted("<a ".repeat(300_000) + "\n\n/secfix retry")).toHaveLength(1);
    expect(doubted('x <b title="a">'.repeat(70_000) + "\n\n/secfix retry")).toHaveLength(1);
    expect(findCommandLines("<!--".repeat(250_000))).toEqual([]);
    expect(doubted("[".repeat(500_000) + "\n/secfix retry")).toHaveLength(1);
  });
});

describe("firstInvisibleCharacter", () => {
  it("finds zero-width, bidi, tag, control and odd space characters, but not spaces or tabs", () => {
    expect(firstInvisibleCharacter("/secfix retry\tllm")).toBeNull();
    expect(firstInvisibleCharacter("naïve café ✓")).toBeNull();
    for (const char of ["\u200B", "\u200D", "\u202E", "\u2066", "\uFEFF", "\u00AD", "\u00A0", "\u3000", "\u0007", "\u007F", "\u{E0041}", "\u3164"]) {
      expect(firstInvisibleCharacter(`a${char}b`), `U+${char.codePointAt(0)?.toString(16)}`).toBe(char);
    }
  });
});
