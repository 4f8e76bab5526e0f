import type { Recipe } from "../../domain/code-fix.js";
import { certificateValidationRecipe } from "./certificate-validation.js";
import { codeInjectionRecipe } from "./code-injection.js";
import { commandInjectionRecipe } from "./command-injection.js";
import { hardcodedCredentialsRecipe } from "./hardcoded-credentials.js";
import { incompleteSanitizationRecipe } from "./incomplete-sanitization.js";
import { insecureCookieRecipe } from "./insecure-cookie.js";
import { insecureRandomnessRecipe } from "./insecure-randomness.js";
import { openRedirectRecipe } from "./open-redirect.js";
import { passwordHashRecipe } from "./password-hash.js";
import { pathTraversalRecipe } from "./path-traversal.js";
import { prototypePollutionRecipe } from "./prototype-pollution.js";
import { redosRecipe } from "./redos.js";
import { regexInjectionRecipe } from "./regex-injection.js";
import { sqlInjectionRecipe } from "./sql-injection.js";
import { unsafeDeserializationRecipe } from "./unsafe-deserialization.js";
import { weakCryptoRecipe } from "./weak-crypto.js";
import { xssRecipe } from "./xss.js";

/** Every recipe secfix has; a rule id belongs to exactly one of them (a test holds that). */
export const ALL_RECIPES: readonly Recipe[] = [
  prototypePollutionRecipe,
  commandInjectionRecipe,
  sqlInjectionRecipe,
  pathTraversalRecipe,
  xssRecipe,
  incompleteSanitizationRecipe,
  insecureRandomnessRecipe,
  weakCryptoRecipe,
  passwordHashRecipe,
  hardcodedCredentialsRecipe,
  certificateValidationRecipe,
  insecureCookieRecipe,
  regexInjectionRecipe,
  openRedirectRecipe,
  codeInjectionRecipe,
  unsafeDeserializationRecipe,
  redosRecipe,
];
