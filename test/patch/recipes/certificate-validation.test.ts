import { describe, expect, it } from "vitest";
import { certificateValidationRecipe } from "../../../src/patch/recipes/certificate-validation.js";
import { loadCommonJs, loadEsm } from "./helpers/load-snippet.js";
import { declineReason, fixedText, runRecipe } from "./helpers/run-recipe.js";

const recipe = certificateValidationRecipe;

const CLIENT_CJS = `const https = require("https");

const agent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: false,
});

module.exports = { agent };
`;

const BOOT_TS = `import { request } from "node:https";

// Our staging proxy has a self-signed certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

export function ping(host: string) {
  return request({ host, path: "/health", checkServerIdentity: () => undefined });
}
`;

describe("certificateValidationRecipe", () => {
  it("turns rejectUnauthorized: false into true (CommonJS), and the agent verifies certificates", () => {
    const after = fixedText(runRecipe(recipe, { source: CLIENT_CJS, path: "client.js", ruleId: "js/disabling-certificate-validation", needle: "rejectUnauthorized: false" }));
    expect(after).toBe(CLIENT_CJS.replace("rejectUnauthorized: false", "rejectUnauthorized: true"));
    expect(loadCommonJs(CLIENT_CJS).agent.options.rejectUnauthorized).toBe(false);
    expect(loadCommonJs(after).agent.options.rejectUnauthorized).toBe(true);
    expect(loadCommonJs(after).agent.options.keepAlive).toBe(true);
  });

  it("removes a process-wide NODE_TLS_REJECT_UNAUTHORIZED=0 line (TypeScript, ESM)", async () => {
    const after = fixedText(runRecipe(recipe, { source: BOOT_TS, path: "src/boot.ts", ruleId: "js/disabling-certificate-validation", needle: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` }));
    expect(after).toBe(`import { request } from "node:https";

// Our staging proxy has a self-signed certificate.

export function ping(host: string) {
  return request({ host, path: "/health", checkServerIdentity: () => undefined });
}
`);
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    await loadEsm(after, true);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
    if (previous !== undefined) process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  });

  it("removes a checkServerIdentity that accepts any certificate", () => {
    const after = fixedText(runRecipe(recipe, { source: BOOT_TS, path: "src/boot.ts", ruleId: "js/disabling-certificate-validation", needle: "checkServerIdentity: () => undefined" }));
    expect(after).toContain(`return request({ host, path: "/health" });`);
  });

  it("handles the element-access form Semgrep reports", () => {
    const source = `if (process.env.CI) {\n  process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;\n}\n`;
    const after = fixedText(runRecipe(recipe, { source, path: "a.js", ruleId: "problem-based-packs.insecure-transport.js-node.bypass-tls-verification.bypass-tls-verification", needle: `process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;` }));
    expect(after).toBe(`if (process.env.CI) {\n}\n`);
  });

  describe("declines", () => {
    it("a flag computed per environment", () => {
      const source = `const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/disabling-certificate-validation", needle: "rejectUnauthorized" }))).toMatch(/decision for a person/);
    });
    it("an assignment that is the body of an unbraced if", () => {
      const source = `if (dev) process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n`;
      expect(declineReason(runRecipe(recipe, { source, path: "a.js", ruleId: "js/disabling-certificate-validation", needle: "process.env" }))).toMatch(/unbraced branch/);
    });
  });
});
