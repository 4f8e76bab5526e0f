import ts from "typescript";
import { declined, type Recipe } from "../../domain/code-fix.js";
import { applyTextEdits, type TextEdit } from "./ast/apply-text-edits.js";
import { nodesInRange } from "./ast/find-nodes.js";
import { openAlertedFile } from "./ast/open-alerted-file.js";
import { staticStringValue } from "./ast/static-string-value.js";
import { stringLiteralFor } from "./ast/string-literal-for.js";
import { unwrapExpression } from "./ast/unwrap-expression.js";

/** Digests with practical collision attacks (or worse). */
const WEAK_HASHES = new Set(["md2", "md4", "md5", "sha1", "sha-1", "rsa-md5", "rsa-sha1", "ripemd", "ripemd160", "rmd160"]);
/** Ciphers that are broken or have 64-bit blocks, and the ECB mode that leaks patterns. */
const WEAK_CIPHER = /^(?:des|des3|des-.*|rc2.*|rc4.*|bf.*|blowfish.*|cast.*|idea.*|seed.*|.*-ecb)$/;
const HASH_CALLS = new Set(["createHash", "createHmac"]);
const CIPHER_CALLS = new Set(["createCipher", "createCipheriv", "createDecipher", "createDecipheriv"]);

/**
 * Weak cryptographic algorithm. A broken digest (`createHash("md5")`, `createHmac("sha1", k)`)
 * becomes SHA-256. A weak cipher is declined with the reason: moving to AES-256-GCM changes the
 * key and IV sizes and needs the authentication tag stored and checked, which reaches past the
 * alerted call into how ciphertexts are stored and read.
 */
export const weakCryptoRecipe: Recipe = {
  family: "weak-crypto",
  ruleIds: ["js/weak-cryptographic-algorithm"],
  fix(input) {
    const opened = openAlertedFile(input);
    if ("declined" in opened) return declined(opened.declined);
    const { file } = opened;
    const calls = nodesInRange(file.sourceFile, file.range, (n): n is ts.CallExpression => ts.isCallExpression(n) && cryptoCallName(n) !== null);
    if (calls.length === 0) return declined("no createHash/createHmac/createCipheriv call is at the alerted location.");
    const edits: TextEdit[] = [];
    const replaced: string[] = [];
    for (const call of calls) {
      const name = cryptoCallName(call)!;
      const argument = call.arguments[0];
      const algorithm = argument ? staticStringValue(argument) : null;
      if (argument === undefined || algorithm === null) {
        return declined(`the algorithm passed to ${name} is computed (\`${argument?.getText() ?? ""}\`), so which one runs cannot be read from the code.`);
      }
      const lower = algorithm.toLowerCase();
      if (CIPHER_CALLS.has(name)) {
        if (WEAK_CIPHER.test(lower)) {
          return declined(
            `replacing the ${algorithm} cipher with AES-256-GCM changes the key length (32 bytes), the IV (12 bytes) and adds an authentication tag that must be stored with every ciphertext and checked on decryption; that reaches past the alerted call into how data is stored and read, and existing ciphertexts need re-encrypting.`,
          );
        }
        continue;
      }
      if (!WEAK_HASHES.has(lower)) continue;
      edits.push({ start: argument.getStart(file.sourceFile), end: argument.getEnd(), replacement: stringLiteralFor(file.sourceFile, "sha256") });
      replaced.push(`${name}("${algorithm}")`);
    }
    if (edits.length === 0) return declined("the algorithms at the alerted location are not ones this recipe knows to be weak.");
    return {
      status: "fixed",
      after: applyTextEdits(file.text, edits),
      explanation: `${replaced.join(", ")} uses a broken digest that can be forged by collision. It now uses SHA-256; digests stored or compared elsewhere must be recomputed, as the output changes (and grows to 64 hex digits).`,
    };
  },
};

/** `crypto.createHash(…)` or a `createHash(…)` imported by name: the function's name, else null. */
function cryptoCallName(call: ts.CallExpression): string | null {
  const callee = unwrapExpression(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
  return name !== null && (HASH_CALLS.has(name) || CIPHER_CALLS.has(name)) ? name : null;
}
