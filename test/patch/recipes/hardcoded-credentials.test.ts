import { afterEach, describe, expect, it } from "vitest";
import { hardcodedCredentialsRecipe } from "../../../src/patch/recipes/hardcoded-credentials.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = hardcodedCredentialsRecipe;

const REQUIRE_ENV_JS = `// Secrets come from the environment, not the source; fail at once, naming what is missing.
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(\`Environment variable \${name} is not set; it holds a secret that must not live in the code.\`);
  return value;
}`;

const DB_CJS = `const mysql = require("mysql2");

const dbPassword = "hunter2";

function connect() {
  return mysql.createConnection({ host: "db", user: "app", password: dbPassword });
}

module.exports = { connect };
`;

const SESSION_TS = `import session from "express-session";
import type { RequestHandler } from "express";

export const sessions: RequestHandler = session({
  secret: "keyboard cat",
  resave: false,
  saveUninitialized: false,
});
`;

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("hardcodedCredentialsRecipe", () => {
  it("reads a secret bound to a variable from an environment variable named after it (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: DB_CJS, path: "db.js", ruleId: "js/hardcoded-credentials", needle: `"hunter2"` }));
    expect(after).toBe(`const mysql = require("mysql2");

${REQUIRE_ENV_JS}

const dbPassword = requireEnv("DB_PASSWORD");

function connect() {
  return mysql.createConnection({ host: "db", user: "app", password: dbPassword });
}

module.exports = { connect };
`);
  });

  it("uses the configured secret, and refuses to start with a clear message when it is unset", () => {
    const after = fixedText(runRecipe(recipe, { source: DB_CJS, path: "db.js", ruleId: "js/hardcoded-credentials", needle: `"hunter2"` }));
    const calls: unknown[] = [];
    const mysql2 = { createConnection: (options: unknown) => (calls.push(options), {}) };
    process.env.DB_PASSWORD = "from-vault";
    loadCommonJs(after, { mysql2 }).connect();
    expect(calls).toEqual([{ host: "db", user: "app", password: "from-vault" }]);
    delete process.env.DB_PASSWORD;
    expect(() => loadCommonJs(after, { mysql2 })).toThrow("Environment variable DB_PASSWORD is not set");
    expect(after).not.toContain("hunter2");
  });

  it("names a generic key after the call it configures: session({ secret }) → SESSION_SECRET (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: SESSION_TS, path: "src/session.ts", ruleId: "js/hardcoded-credentials", needle: `"keyboard cat"` }));
    expect(after).toBe(`import session from "express-session";
import type { RequestHandler } from "express";

${REQUIRE_ENV_JS.replace("function requireEnv(name) {", "function requireEnv(name: string): string {")}

export const sessions: RequestHandler = session({
  secret: requireEnv("SESSION_SECRET"),
  resave: false,
  saveUninitialized: false,
});
`);
  });

  it("drops the fallback of process.env.X || \"literal\" and requires X (ESM)", async () => {
    const source = `export const stripeKey = process.env.STRIPE_KEY || "sk_live_51H8xLeak";\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "keys.mjs", ruleId: "js/hardcoded-credentials", needle: `"sk_live_51H8xLeak"` }));
    expect(after).toBe(`${REQUIRE_ENV_JS}\n\nexport const stripeKey = requireEnv("STRIPE_KEY");\n`);
    process.env.STRIPE_KEY = "sk_test_ok";
    expect((await loadEsm(after)).stripeKey).toBe("sk_test_ok");
    delete process.env.STRIPE_KEY;
    await expect(loadEsm(after)).rejects.toThrow("STRIPE_KEY is not set");
  });

  it("names a jsonwebtoken signing key JWT_SECRET", () => {
    const source = `const jwt = require("jsonwebtoken");\nfunction issue(user) {\n  return jwt.sign({ sub: user.id }, "s3cr3t-signing-key", { expiresIn: "1h" });\n}\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "auth.js", ruleId: "javascript.jsonwebtoken.security.jwt-hardcode.hardcoded-jwt-secret", needle: `jwt.sign({ sub: user.id }, "s3cr3t-signing-key", { expiresIn: "1h" })` }));
    expect(after).toContain(`return jwt.sign({ sub: user.id }, requireEnv("JWT_SECRET"), { expiresIn: "1h" });`);
    expect(after).toContain(`{ expiresIn: "1h" }`);
  });

  describe("declines", () => {
    it("a literal with no binding to name its variable after", () => {
      const source = `connect("admin", "hunter2");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/hardcoded-credentials", needle: `"hunter2"` }))).toMatch(/no name/);
    });
    it("browser code, which has no process.env", () => {
      const source = `const apiKey = "AIzaSyLeak";\ndocument.getElementById("map").dataset.key = apiKey;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/hardcoded-credentials", needle: `"AIzaSyLeak"` }))).toMatch(/browser/);
    });
    it("several literals that could each be the secret", () => {
      const source = `const a = "one", b = "two";\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/hardcoded-credentials", needle: `const a = "one", b = "two";` }))).toMatch(/several literals/);
    });
  });
});
