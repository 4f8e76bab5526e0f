import { describe, expect, it } from "vitest";
import { openRedirectRecipe } from "../../../src/patch/recipes/open-redirect.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = openRedirectRecipe;

const SAFE_JS = `// Only paths on this site: "/x" but not "//host" or "/\\host" (browsers read both as another
// host), and no control characters or backslashes, which browsers drop or turn into "/".
function safeRedirectPath(target) {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return "/";
  return /[\\u0000-\\u001f\\u007f\\\\]/.test(target) ? "/" : target;
}`;

const LOGIN_CJS = `"use strict";

exports.afterLogin = function afterLogin(req, res) {
  res.redirect(req.query.returnTo || "/dashboard");
};
`;

const KOA_TS = `import type { Context } from "koa";

export async function back(ctx: Context): Promise<void> {
  const next = ctx.query.next as string;
  ctx.redirect(next);
}
`;

const ATTACKS = ["https://evil.example/login", "//evil.example", "/\\\\evil.example", "/\tevil", "javascript:alert(1)", "\\\\evil.example"];

describe("openRedirectRecipe", () => {
  it("wraps an Express redirect target in safeRedirectPath (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: LOGIN_CJS, path: "login.js", ruleId: "js/server-side-unvalidated-url-redirection", needle: `req.query.returnTo || "/dashboard"` }));
    expect(after).toBe(`"use strict";

${SAFE_JS}

exports.afterLogin = function afterLogin(req, res) {
  res.redirect(safeRedirectPath(req.query.returnTo || "/dashboard"));
};
`);
  });

  it("keeps same-site paths and sends every off-site target to /", () => {
    const after = fixedText(runRecipe(recipe, { source: LOGIN_CJS, path: "login.js", ruleId: "js/server-side-unvalidated-url-redirection", needle: "req.query.returnTo" }));
    const go = (code: string, returnTo?: string) => {
      let location = "";
      loadCommonJs(code).afterLogin({ query: { returnTo } }, { redirect: (to: string) => (location = to) });
      return location;
    };
    for (const path of [undefined, "/orders/42?tab=items#top"]) expect(go(after, path)).toBe(go(LOGIN_CJS, path));
    for (const attack of ATTACKS) {
      expect(go(LOGIN_CJS, attack)).toBe(attack);
      expect(go(after, attack)).toBe("/");
    }
  });

  it("fixes a Koa redirect in TypeScript with a typed helper (ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: KOA_TS, path: "src/back.ts", ruleId: "js/server-side-unvalidated-url-redirection", needle: "ctx.redirect(next)" }));
    expect(after).toBe(`import type { Context } from "koa";

${SAFE_JS.replace("function safeRedirectPath(target) {", "function safeRedirectPath(target: unknown): string {")}

export async function back(ctx: Context): Promise<void> {
  const next = ctx.query.next as string;
  ctx.redirect(safeRedirectPath(next));
}
`);
    const { back } = await loadEsm(after, true);
    const to: string[] = [];
    for (const next of ["/cart", "//evil.example"]) await back({ query: { next }, redirect: (url: string) => to.push(url) });
    expect(to).toEqual(["/cart", "/"]);
  });

  it("fixes a Location header written by hand", () => {
    const source = `function go(req, res) {\n  res.writeHead(302, { Location: req.url.split("?next=")[1] });\n  res.end();\n}\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "js/server-side-unvalidated-url-redirection", needle: `req.url.split("?next=")[1]` }));
    expect(after).toContain(`res.writeHead(302, { Location: safeRedirectPath(req.url.split("?next=")[1]) });`);
  });

  describe("declines", () => {
    it("a target built as an absolute URL on purpose", () => {
      const source = "res.redirect(`https://${req.query.tenant}.example.com/home`);\n";
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/server-side-unvalidated-url-redirection", needle: "req.query.tenant" }))).toMatch(/allow-list/);
    });
    it("a fixed target", () => {
      const source = `res.redirect("/home");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/server-side-unvalidated-url-redirection", needle: "res.redirect" }))).toMatch(/fixed string/);
    });
  });
});
