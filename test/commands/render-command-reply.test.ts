import { describe, expect, it } from "vitest";
import { commandReplyMarker, renderCommandReply } from "../../src/commands/render-command-reply.js";

describe("renderCommandReply", () => {
  it("starts with the marker, quotes the command as code, and leads with the outcome", () => {
    const body = renderCommandReply({
      commentId: 42,
      commentUrl: "https://github.com/o/r/pull/1#issuecomment-42",
      author: "alice",
      line: "/secfix dismiss wont-fix `x` <b>",
      outcome: { status: "refused", summary: "Only members of `appsec` may run `/secfix dismiss`.", details: "More." },
    });
    expect(body.startsWith(commandReplyMarker(42))).toBe(true);
    expect(body).toContain("> ``/secfix dismiss wont-fix `x` <b>`` from @alice ([comment](https://github.com/o/r/pull/1#issuecomment-42))");
    expect(body).toContain("⛔ **Refused.** Only members of `appsec` may run `/secfix dismiss`.\n\nMore.");
  });

  it("leaves the command out when it could not be parsed", () => {
    const body = renderCommandReply({ commentId: 1, commentUrl: "u", author: "bob", line: null, outcome: { status: "invalid", summary: "Unknown command." } });
    expect(body).toContain("> from @bob ([comment](u))");
    expect(body).toContain("❓ **Not understood.** Unknown command.");
  });
});
