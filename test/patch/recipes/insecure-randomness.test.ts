import { afterEach, describe, expect, it, vi } from "vitest";
import { insecureRandomnessRecipe } from "../../../src/patch/recipes/insecure-randomness.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = insecureRandomnessRecipe;

const TOKENS_CJS = `"use strict";
const db = require("./db");

function resetToken() {
  return Math.random().toString(36).substring(2, 15);
}

function otp() {
  return Math.floor(Math.random() * 900000) + 100000;
}

module.exports = { resetToken, otp, db };
`;

const UUID_TS = `import { randomBytes } from "node:crypto";

export function sessionId(): string {
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    const v = c === "x" ? r : (r & 0x3) | 0x8;
    return v.toString(16);
  });
}

export const salt = randomBytes(8);
`;

const CODE_ESM = `const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function inviteCode(length = 10) {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[~~(Math.random() * ALPHABET.length)];
  return code;
}
`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("insecureRandomnessRecipe", () => {
  it("replaces a base-36 token with hex from crypto.randomBytes and requires node:crypto (CommonJS)", () => {
    const after = fixedText(runRecipe(recipe, { source: TOKENS_CJS, path: "tokens.js", ruleId: "js/insecure-randomness", needle: "Math.random().toString(36).substring(2, 15)" }));
    expect(after).toBe(`"use strict";
const db = require("./db");
const crypto = require("node:crypto");

function resetToken() {
  return crypto.randomBytes(7).toString("hex").slice(0, 13);
}

function otp() {
  return Math.floor(Math.random() * 900000) + 100000;
}

module.exports = { resetToken, otp, db };
`);
  });

  it("replaces Math.floor(Math.random() * n) with crypto.randomInt(n), keeping the offset", () => {
    const after = fixedText(runRecipe(recipe, { source: TOKENS_CJS, path: "tokens.js", ruleId: "js/insecure-randomness", needle: "Math.floor(Math.random() * 900000)" }));
    expect(after).toContain("  return crypto.randomInt(900000) + 100000;\n");
    expect(after).toContain("const crypto = require(\"node:crypto\");");
  });

  it("keeps the formats and stays unpredictable even when Math.random is known to the attacker", () => {
    let after = fixedText(runRecipe(recipe, { source: TOKENS_CJS, path: "tokens.js", ruleId: "js/insecure-randomness", needle: "substring(2, 15)" }));
    after = fixedText(runRecipe(recipe, { source: after, path: "tokens.js", ruleId: "js/insecure-randomness", needle: "Math.floor(Math.random() * 900000)" }));
    const before = loadCommonJs(TOKENS_CJS, { "./db": {} });
    const fixed = loadCommonJs(after, { "./db": {} });
    for (let i = 0; i < 50; i++) {
      expect(fixed.resetToken()).toMatch(/^[0-9a-z]{13}$/);
      const code = fixed.otp();
      expect(code).toBeGreaterThanOrEqual(100000);
      expect(code).toBeLessThan(1000000);
    }
    // An attacker who has recovered the Math.random state predicts every old token; a stub plays that part.
    vi.spyOn(Math, "random").mockReturnValue(0.123456789);
    expect(before.resetToken()).toBe(before.resetToken());
    expect(before.otp()).toBe(before.otp());
    expect(fixed.resetToken()).not.toBe(fixed.resetToken());
    const otps = new Set(Array.from({ length: 20 }, () => fixed.otp()));
    expect(otps.size).toBeGreaterThan(1);
  });

  it("turns the classic UUID template into crypto.randomUUID() (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: UUID_TS, path: "src/session.ts", ruleId: "js/insecure-randomness", needle: "Math.random() * 16" }));
    expect(after).toBe(`import { randomBytes } from "node:crypto";
import * as crypto from "node:crypto";

export function sessionId(): string {
  return crypto.randomUUID();
}

export const salt = randomBytes(8);
`);
    const { sessionId } = await loadEsm(after, true);
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const a = sessionId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sessionId()).not.toBe(a);
  });

  it("picks characters with crypto.randomInt from an alphabet's length (ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: CODE_ESM, path: "invite.mjs", ruleId: "js/insecure-randomness", needle: "Math.random()" }));
    expect(after).toBe(`import * as crypto from "node:crypto";
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function inviteCode(length = 10) {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return code;
}
`);
    const { inviteCode } = await loadEsm(after);
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    const codes = new Set(Array.from({ length: 10 }, () => inviteCode()));
    expect(codes.size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
  });

  describe("declines", () => {
    it("a fraction used as is", () => {
      const source = `const delay = Math.random() * 1000;\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/insecure-randomness", needle: "Math.random()" }))).toMatch(/fraction/);
    });
    it("a bound that may not be a whole number", () => {
      const source = `const crypto = require("crypto");\nfunction pick(max) {\n  return Math.floor(Math.random() * max);\n}\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/insecure-randomness", needle: "Math.random()" }))).toMatch(/may not be a whole number/);
    });
    it("browser code, where node:crypto does not exist", () => {
      const source = `document.cookie = "csrf=" + Math.random().toString(36).slice(2);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/insecure-randomness", needle: "Math.random()" }))).toMatch(/browser code/);
    });
    it("a file whose `crypto` is the Web Crypto global", () => {
      const source = `export function ids() {\n  const key = crypto.subtle;\n  return [key, Math.random().toString(36).slice(2)];\n}\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.mjs", ruleId: "js/insecure-randomness", needle: "Math.random()" }))).toMatch(/does not import/);
    });
  });
});
