import { describe, expect, it } from "vitest";
import { insecureCookieRecipe } from "../../../src/patch/recipes/insecure-cookie.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = insecureCookieRecipe;

const LOGIN_CJS = `function login(req, res) {
  const sid = req.sessionStore.create(req.body.user);
  res.cookie('sid', sid);
  res.redirect('/');
}

module.exports = { login };
`;

const THEME_TS = `import type { Response } from "express";

export function rememberTheme(res: Response, theme: string): void {
  res.cookie("theme", theme, {
    maxAge: 30 * 24 * 3600 * 1000,
    secure: false,
  });
}
`;

function fakeResponse() {
  const cookies: Array<{ name: string; value: string; options?: Record<string, unknown> }> = [];
  return { cookies, res: { cookie: (name: string, value: string, options?: Record<string, unknown>) => cookies.push({ name, value, options }), redirect: () => undefined } };
}

describe("insecureCookieRecipe", () => {
  it("adds secure, httpOnly and sameSite to a bare res.cookie in the file's quote style (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: LOGIN_CJS, path: "login.js", ruleId: "js/clear-text-cookie", needle: "res.cookie('sid', sid)" }));
    expect(after).toBe(LOGIN_CJS.replace("res.cookie('sid', sid);", "res.cookie('sid', sid, { secure: true, httpOnly: true, sameSite: 'lax' });"));
    const { login } = loadCommonJs(after);
    const { res, cookies } = fakeResponse();
    login({ body: { user: "ada" }, sessionStore: { create: () => "s-1" } }, res);
    expect(cookies).toEqual([{ name: "sid", value: "s-1", options: { secure: true, httpOnly: true, sameSite: "lax" } }]);
  });

  it("turns secure: false on and adds the missing flags in a multi-line object (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: THEME_TS, path: "src/theme.ts", ruleId: "js/clear-text-cookie", needle: "secure: false" }));
    expect(after).toBe(`import type { Response } from "express";

export function rememberTheme(res: Response, theme: string): void {
  res.cookie("theme", theme, {
    maxAge: 30 * 24 * 3600 * 1000,
    secure: true,
    httpOnly: true,
    sameSite: "lax",
  });
}
`);
    const { rememberTheme } = await loadEsm(after, true);
    const { res, cookies } = fakeResponse();
    rememberTheme(res, "dark");
    expect(cookies[0]).toEqual({ name: "theme", value: "dark", options: { maxAge: 2592000000, secure: true, httpOnly: true, sameSite: "lax" } });
  });

  it("keeps a deliberate httpOnly: false when the rule is about transport only", () => {
    const source = `res.cookie("csrf", token, { httpOnly: false });\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "js/clear-text-cookie", needle: "res.cookie" }));
    expect(after).toBe(`res.cookie("csrf", token, { httpOnly: false, secure: true, sameSite: "lax" });\n`);
  });

  it("adds cookie options to express-session, found through its require", () => {
    const source = `const session = require("express-session");\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false }));\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-secure", needle: "session({" }));
    expect(after).toBe(`const session = require("express-session");\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false, cookie: { secure: true, httpOnly: true, sameSite: "lax" } }));\n`);
  });

  it("adds the flags to cookie.serialize", () => {
    const source = `import cookie from "cookie";\nexport const header = (v) => cookie.serialize("sid", v, { path: "/" });\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.mjs", ruleId: "js/client-exposed-cookie", needle: "cookie.serialize" }));
    expect(after).toContain(`cookie.serialize("sid", v, { path: "/", secure: true, httpOnly: true, sameSite: "lax" })`);
  });

  describe("declines", () => {
    it("options built elsewhere", () => {
      const source = `res.cookie("sid", sid, cookieOptions);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/clear-text-cookie", needle: "res.cookie" }))).toMatch(/built elsewhere/);
    });
    it("a secure flag computed per environment", () => {
      const source = `res.cookie("sid", sid, { secure: process.env.NODE_ENV === "production" });\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/clear-text-cookie", needle: "res.cookie" }))).toMatch(/decision for a person/);
    });
    it("options that spread another object", () => {
      const source = `res.cookie("sid", sid, { ...defaults, maxAge: 1000 });\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/clear-text-cookie", needle: "res.cookie" }))).toMatch(/spread/);
    });
  });
});
