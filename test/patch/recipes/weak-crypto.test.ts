import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { weakCryptoRecipe } from "../../../src/patch/recipes/weak-crypto.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = weakCryptoRecipe;

const FINGERPRINT_CJS = `const crypto = require("crypto");

function fingerprint(apiToken) {
  return crypto.createHash("md5").update(apiToken).digest("hex");
}

module.exports = { fingerprint };
`;

const SIGN_TS = `import { createHmac } from 'node:crypto';

export function signPayload(body: string, key: string): string {
  return createHmac('sha1', key).update(body).digest('base64');
}
`;

describe("weakCryptoRecipe", () => {
  it("swaps a broken digest for SHA-256 (CommonJS), and the digest is SHA-256's", () => {
    const after = fixedText(runRecipe(recipe, { source: FINGERPRINT_CJS, path: "fp.js", ruleId: "js/weak-cryptographic-algorithm", needle: `crypto.createHash("md5")` }));
    expect(after).toBe(FINGERPRINT_CJS.replace(`createHash("md5")`, `createHash("sha256")`));
    const { fingerprint } = loadCommonJs(after);
    expect(fingerprint("tok_123")).toBe(createHash("sha256").update("tok_123").digest("hex"));
    expect(fingerprint("tok_123")).toBe(fingerprint("tok_123"));
    expect(fingerprint("tok_123")).not.toBe(createHash("md5").update("tok_123").digest("hex"));
  });

  it("keeps the file's quote style for an HMAC (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: SIGN_TS, path: "src/sign.ts", ruleId: "js/weak-cryptographic-algorithm", needle: "createHmac('sha1', key)" }));
    expect(after).toBe(SIGN_TS.replace("createHmac('sha1', key)", "createHmac('sha256', key)"));
    const { signPayload } = await loadEsm(after, true);
    expect(Buffer.from(signPayload("{}", "k"), "base64")).toHaveLength(32);
  });

  describe("declines", () => {
    it("a weak cipher: AES-GCM needs new key sizes and a stored auth tag", () => {
      const source = `const cipher = crypto.createCipheriv("des-ede3-cbc", key, iv);\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "c.js", ruleId: "js/weak-cryptographic-algorithm", needle: "crypto.createCipheriv" }))).toMatch(/authentication tag/);
    });
    it("an algorithm chosen at run time", () => {
      const source = `const h = crypto.createHash(process.env.HASH_ALG).update(x).digest("hex");\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "c.js", ruleId: "js/weak-cryptographic-algorithm", needle: "crypto.createHash" }))).toMatch(/computed/);
    });
  });
});
