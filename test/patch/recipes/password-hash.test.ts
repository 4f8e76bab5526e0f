import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passwordHashRecipe } from "../../../src/patch/recipes/password-hash.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = passwordHashRecipe;

const HELPERS_JS = `// A slow, salted hash (scrypt), so a leaked table cannot be brute-forced at GPU speed.
// Stored as "scrypt$<salt>$<hash>": the salt travels with the hash it belongs to.
function scryptPasswordHash(password) {
  const salt = crypto.randomBytes(16).toString("hex");
  const hash = crypto.scryptSync(String(password), salt, 64).toString("hex");
  return \`scrypt$\${salt}$\${hash}\`;
}

// Re-derives the hash with the stored salt and compares in constant time.
function verifyScryptPasswordHash(password, stored) {
  const [scheme, salt, hash] = String(stored).split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  if (expected.length !== 64) return false;
  return crypto.timingSafeEqual(crypto.scryptSync(String(password), salt, 64), expected);
}`;

const USERS_CJS = `const crypto = require("crypto");

const users = new Map();

function hashPassword(password) {
  return crypto.createHash("md5").update(password).digest("hex");
}

function register(name, password) {
  users.set(name, { name, passwordHash: hashPassword(password) });
}

function login(name, password) {
  const user = users.get(name);
  return !!user && hashPassword(password) === user.passwordHash;
}

module.exports = { register, login, users };
`;

const ACCOUNTS_TS = `import { createHash } from "node:crypto";

interface Account { email: string; hash: string }

const sha1 = (password: string) => createHash("sha1").update(password, "utf8").digest("base64");

export class Accounts {
  private readonly byEmail = new Map<string, Account>();

  add(email: string, password: string): void {
    this.byEmail.set(email, { email, hash: sha1(password) });
  }

  reject(email: string, password: string): boolean {
    const account = this.byEmail.get(email);
    return !account || sha1(password) !== account.hash;
  }
}
`;

describe("passwordHashRecipe", () => {
  it("moves a file-private MD5 password hash to salted scrypt and rewrites the check (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: USERS_CJS, path: "users.js", ruleId: "js/insufficient-password-hash", needle: `crypto.createHash("md5").update(password).digest("hex")` }));
    expect(after).toBe(`const crypto = require("crypto");

${HELPERS_JS}

const users = new Map();

function hashPassword(password) {
  return scryptPasswordHash(password);
}

function register(name, password) {
  users.set(name, { name, passwordHash: hashPassword(password) });
}

function login(name, password) {
  const user = users.get(name);
  return !!user && verifyScryptPasswordHash(password, user.passwordHash);
}

module.exports = { register, login, users };
`);
  });

  it("still logs users in with the right password, and a leaked hash no longer matches an MD5 lookup", () => {
    const after = fixedText(runRecipe(recipe, { source: USERS_CJS, path: "users.js", ruleId: "js/insufficient-password-hash", needle: "createHash" }));
    const app = loadCommonJs(after);
    app.register("ada", "correct horse");
    app.register("bob", "correct horse");
    expect(app.login("ada", "correct horse")).toBe(true);
    expect(app.login("ada", "wrong")).toBe(false);
    expect(app.login("eve", "correct horse")).toBe(false);
    const stored = app.users.get("ada").passwordHash as string;
    expect(stored).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
    expect(stored).not.toBe(app.users.get("bob").passwordHash);
    expect(stored).not.toContain(createHash("md5").update("correct horse").digest("hex"));
  });

  it("handles an arrow hashing function, a named createHash import and a negated check (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: ACCOUNTS_TS, path: "src/accounts.ts", ruleId: "js/insufficient-password-hash", needle: `createHash("sha1")` }));
    const helpersTs = HELPERS_JS.replace("function scryptPasswordHash(password) {", "function scryptPasswordHash(password: string): string {").replace(
      "function verifyScryptPasswordHash(password, stored) {",
      "function verifyScryptPasswordHash(password: string, stored: string): boolean {",
    );
    expect(after).toBe(`import { createHash } from "node:crypto";
import * as crypto from "node:crypto";

${helpersTs}

interface Account { email: string; hash: string }

const sha1 = (password: string) => scryptPasswordHash(password);

export class Accounts {
  private readonly byEmail = new Map<string, Account>();

  add(email: string, password: string): void {
    this.byEmail.set(email, { email, hash: sha1(password) });
  }

  reject(email: string, password: string): boolean {
    const account = this.byEmail.get(email);
    return !account || !verifyScryptPasswordHash(password, account.hash);
  }
}
`);
    const { Accounts } = await loadEsm(after, true);
    const accounts = new Accounts();
    accounts.add("a@example.com", "pw");
    expect(accounts.reject("a@example.com", "pw")).toBe(false);
    expect(accounts.reject("a@example.com", "PW")).toBe(true);
  });

  describe("declines", () => {
    it("an exported hashing function, whose output other files may compare", () => {
      const source = `const crypto = require("crypto");\nexports.hash = hash;\nfunction hash(p) {\n  return crypto.createHash("md5").update(p).digest("hex");\n}\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "h.js", ruleId: "js/insufficient-password-hash", needle: "crypto.createHash" }))).toMatch(/other than by calling it/);
    });
    it("an exported TypeScript function", () => {
      const source = `import { createHash } from "crypto";\nexport function hash(p: string) {\n  return createHash("md5").update(p).digest("hex");\n}\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "h.ts", ruleId: "js/insufficient-password-hash", needle: "createHash(\"md5\")"}))).toMatch(/exported/);
    });
    it("a hash whose check happens somewhere this file does not show", () => {
      const source = `const crypto = require("crypto");\nfunction hash(p) {\n  return crypto.createHash("md5").update(p).digest("hex");\n}\nasync function save(db, user, p) {\n  user.hash = hash(p);\n  await db.put(user);\n}\nmodule.exports = { save };\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "h.js", ruleId: "js/insufficient-password-hash", needle: "crypto.createHash" }))).toMatch(/never checks a password/);
    });
    it("a salted or peppered input", () => {
      const source = `const crypto = require("crypto");\nconst h = crypto.createHash("sha256").update(salt + password).digest("hex");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "h.js", ruleId: "js/insufficient-password-hash", needle: "crypto.createHash" }))).toMatch(/not a plain password variable/);
    });
  });
});
