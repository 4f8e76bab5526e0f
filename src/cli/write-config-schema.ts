import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../config/config-json-schema.js";

// Resolved from this file so it lands in src/ whether run with tsx from src/cli or from the build in lib/cli.
const target = fileURLToPath(new URL("../../src/config/secfix.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
