import { describe, expect, it } from "vitest";
import { xssRecipe } from "../../../src/patch/recipes/xss.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const ESCAPE_JS = `// Encodes the characters that let text break out of HTML content or a quoted attribute.
function escapeHtml(value) {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}`;
const ESCAPE_TS = ESCAPE_JS.replace("function escapeHtml(value) {", "function escapeHtml(value: unknown): string {");

const EXPRESS_CJS = `const express = require("express");
const app = express();

app.get("/hello", (req, res) => {
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

module.exports = app;
`;

const TEMPLATE_TS = `import type { Request, Response } from "express";

export function profile(req: Request, res: Response): void {
  const name = String(req.query.name ?? "");
  res.status(200).send(\`<p class="greeting" title="\${name}">Welcome back, \${name}!</p>\`);
}
`;

const DOM_SCRIPT = `const input = document.getElementById("search");
const out = document.getElementById("echo");
input.addEventListener("input", () => {
  out.innerHTML = input.value;
});
`;

/** An Express stand-in that records route handlers so the test can call them. */
function fakeExpress() {
  const routes: Record<string, (req: unknown, res: unknown) => void> = {};
  const app = { get: (path: string, handler: (req: unknown, res: unknown) => void) => void (routes[path] = handler) };
  return { express: () => app, routes };
}

function fakeResponse() {
  const sent: string[] = [];
  const res = { send: (body: string) => void sent.push(body), status: () => res };
  return { res, sent };
}

describe("xssRecipe", () => {
  it("HTML-encodes request input concatenated into res.send (CommonJS), adding escapeHtml once", () => {
    const after = fixedText(runRecipe(xssRecipe, { source: EXPRESS_CJS, path: "app.js", ruleId: "js/reflected-xss", needle: `"<h1>Hello " + req.query.name + "</h1>"` }));
    expect(after).toBe(`const express = require("express");

${ESCAPE_JS}

const app = express();

app.get("/hello", (req, res) => {
  res.send("<h1>Hello " + escapeHtml(req.query.name) + "</h1>");
});

module.exports = app;
`);
  });

  it("keeps normal greetings and encodes a script payload when the patched app runs", () => {
    const after = fixedText(runRecipe(xssRecipe, { source: EXPRESS_CJS, path: "app.js", ruleId: "js/reflected-xss", needle: "req.query.name" }));
    for (const code of [EXPRESS_CJS, after]) {
      const { express, routes } = fakeExpress();
      loadCommonJs(code, { express });
      const normal = fakeResponse();
      routes["/hello"]!({ query: { name: "Ada" } }, normal.res);
      expect(normal.sent).toEqual(["<h1>Hello Ada</h1>"]);
    }
    const { express, routes } = fakeExpress();
    loadCommonJs(after, { express });
    const attack = fakeResponse();
    routes["/hello"]!({ query: { name: "<script>alert(document.cookie)</script>" } }, attack.res);
    expect(attack.sent).toEqual(["<h1>Hello &lt;script&gt;alert(document.cookie)&lt;/script&gt;</h1>"]);
  });

  it("encodes every interpolation of a template literal in element text and a quoted attribute (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(xssRecipe, { source: TEMPLATE_TS, path: "src/profile.ts", ruleId: "js/reflected-xss", needle: "`<p class" }));
    expect(after).toBe(`import type { Request, Response } from "express";

${ESCAPE_TS}

export function profile(req: Request, res: Response): void {
  const name = String(req.query.name ?? "");
  res.status(200).send(\`<p class="greeting" title="\${escapeHtml(name)}">Welcome back, \${escapeHtml(name)}!</p>\`);
}
`);
    const { profile } = await loadEsm(after, true);
    const normal = fakeResponse();
    profile({ query: { name: "Ada" } }, normal.res);
    expect(normal.sent).toEqual([`<p class="greeting" title="Ada">Welcome back, Ada!</p>`]);
    const attack = fakeResponse();
    profile({ query: { name: `"><img src=x onerror=alert(1)>` } }, attack.res);
    expect(attack.sent[0]).toBe(`<p class="greeting" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">Welcome back, &quot;&gt;&lt;img src=x onerror=alert(1)&gt;!</p>`);
  });

  it("adds the helper only once when a second alert in the same file is fixed", () => {
    const source = `const express = require("express");
const app = express();
app.get("/a", (req, res) => res.send("<b>" + req.query.a + "</b>"));
app.get("/b", (req, res) => res.send("<i>" + req.params.b + "</i>"));
`;
    const once = fixedText(runRecipe(xssRecipe, { source, path: "app.js", ruleId: "js/reflected-xss", needle: "req.query.a" }));
    const twice = fixedText(runRecipe(xssRecipe, { source: once, path: "app.js", ruleId: "js/reflected-xss", needle: "req.params.b" }));
    expect(twice.split("function escapeHtml").length).toBe(2);
    expect(twice).toContain(`res.send("<b>" + escapeHtml(req.query.a) + "</b>")`);
    expect(twice).toContain(`res.send("<i>" + escapeHtml(req.params.b) + "</i>")`);
  });

  it("encodes stored data spliced into Koa's ctx.body", () => {
    const source = `export async function show(ctx) {
  const comment = await ctx.db.comment(ctx.params.id);
  ctx.body = "<article>" + comment.text + "</article>";
}
`;
    const after = fixedText(runRecipe(xssRecipe, { source, path: "comments.mjs", ruleId: "js/stored-xss", needle: "comment.text" }));
    expect(after).toBe(`${ESCAPE_JS}

export async function show(ctx) {
  const comment = await ctx.db.comment(ctx.params.id);
  ctx.body = "<article>" + escapeHtml(comment.text) + "</article>";
}
`);
  });

  it("moves plain text from innerHTML to textContent, and the payload no longer becomes markup", () => {
    const after = fixedText(runRecipe(xssRecipe, { source: DOM_SCRIPT, path: "public/echo.js", ruleId: "js/xss-through-dom", needle: "input.value", occurrence: 1 }));
    expect(after).toBe(DOM_SCRIPT.replace("out.innerHTML = input.value;", "out.textContent = input.value;"));

    const parsedAsHtml: string[] = [];
    const out = {
      textContent: "",
      set innerHTML(html: string) {
        parsedAsHtml.push(html);
      },
    };
    const input = { value: "", listeners: [] as Array<() => void>, addEventListener: (_: string, fn: () => void) => input.listeners.push(fn) };
    const document = { getElementById: (id: string) => (id === "search" ? input : out) };
    new Function("document", after)(document);
    input.value = "plain words";
    input.listeners[0]!();
    expect(out.textContent).toBe("plain words");
    input.value = `<img src=x onerror="alert(1)">`;
    input.listeners[0]!();
    expect(out.textContent).toBe(`<img src=x onerror="alert(1)">`);
    expect(parsedAsHtml).toEqual([]);
  });

  it("turns insertAdjacentHTML and jQuery .html of plain text into their text twins", () => {
    const source = `function show(list, msg) {
  list.insertAdjacentHTML("beforeend", msg);
  $("#status").html(location.hash.slice(1));
}
`;
    const first = fixedText(runRecipe(xssRecipe, { source, path: "ui.js", ruleId: "js/xss", needle: "msg", occurrence: 2 }));
    expect(first).toContain(`list.insertAdjacentText("beforeend", msg);`);
    const second = fixedText(runRecipe(xssRecipe, { source: first, path: "ui.js", ruleId: "js/xss", needle: "location.hash.slice(1)" }));
    expect(second).toBe(`function show(list, msg) {
  list.insertAdjacentText("beforeend", msg);
  $("#status").text(location.hash.slice(1));
}
`);
  });

  it("accepts the Semgrep id for direct response writes", () => {
    const outcome = runRecipe(xssRecipe, { source: EXPRESS_CJS, path: "app.js", ruleId: "javascript.express.security.audit.xss.direct-response-write.direct-response-write", needle: "req.query.name" });
    expect(outcome.status).toBe("fixed");
  });

  describe("declines", () => {
    it("markup assigned to innerHTML on purpose", () => {
      const source = `function card(el, name) {\n  el.innerHTML = "<b>" + name + "</b>";\n}\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "card.js", ruleId: "js/xss-through-dom", needle: `"<b>" + name + "</b>"` }))).toMatch(/markup/);
    });
    it("input spliced into a <script> block, where HTML-encoding does not help", () => {
      const source = `app.get("/", (req, res) => {\n  res.send("<script>var user = '" + req.query.user + "';</script>");\n});\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "a.js", ruleId: "js/reflected-xss", needle: "req.query.user" }))).toMatch(/<script> block/);
    });
    it("input spliced into an href attribute (a javascript: URL survives encoding)", () => {
      const source = `app.get("/", (req, res) => {\n  res.send('<a href="' + req.query.next + '">continue</a>');\n});\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "a.js", ruleId: "js/reflected-xss", needle: "req.query.next" }))).toMatch(/URL, style or event-handler attribute/);
    });
    it("a page built on earlier lines and sent whole", () => {
      const source = `app.get("/", (req, res) => {\n  const page = "<h1>" + req.query.t + "</h1>";\n  res.send(page);\n});\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "a.js", ruleId: "js/reflected-xss", needle: "page", occurrence: 2 }))).toMatch(/built earlier/);
    });
    it("the result of a call that may return HTML", () => {
      const source = `app.get("/", (req, res) => {\n  res.send("<ul>" + renderItems(req.query.q) + "</ul>");\n});\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "a.js", ruleId: "js/reflected-xss", needle: "renderItems(req.query.q)" }))).toMatch(/result of a call/);
    });
    it("a file that already has a different escapeHtml", () => {
      const source = `function escapeHtml(s) { return s.replace(/</g, "&lt;"); }\napp.get("/", (req, res) => res.send("<p>" + req.query.q + "</p>"));\n`;
      expect(declineReason(runRecipe(xssRecipe, { source, path: "a.js", ruleId: "js/reflected-xss", needle: "req.query.q" }))).toMatch(/already uses the name `escapeHtml`/);
    });
    it("outerHTML and document.write, which have no text-only twin", () => {
      const outer = `el.outerHTML = location.hash;\n`;
      expect(declineReason(runRecipe(xssRecipe, { source: outer, path: "a.js", ruleId: "js/xss", needle: "location.hash" }))).toMatch(/outerHTML/);
      const write = `document.write(location.search);\n`;
      expect(declineReason(runRecipe(xssRecipe, { source: write, path: "a.js", ruleId: "js/xss", needle: "location.search" }))).toMatch(/document.write/);
    });
    it("files that are not JavaScript or do not parse", () => {
      expect(declineReason(runRecipe(xssRecipe, { source: "x = 1\n", path: "a.py", ruleId: "js/xss", needle: "x" }))).toMatch(/not a JavaScript/);
      expect(declineReason(runRecipe(xssRecipe, { source: "res.send(<<);\n", path: "a.js", ruleId: "js/xss", needle: "res" }))).toMatch(/does not parse/);
    });
  });
});
