import { z } from "zod";
import { configSchema } from "./config.schema.js";
import { EXTENDS_KEY } from "./merge-config-chain.js";

export const CONFIG_JSON_SCHEMA_ID = "https://raw.githubusercontent.com/secfix/secfix/main/src/config/secfix.schema.json";

/**
 * JSON Schema of `.github/secfix.yml` as a user writes it (defaults make keys optional), for editors
 * and the yaml-language-server. `_extends` is added because the config loader consumes it before
 * validation, yet it is legal in the file.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input" }) as Record<string, unknown> & {
    properties: Record<string, unknown>;
  };
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_JSON_SCHEMA_ID,
    title: "secfix configuration (.github/secfix.yml)",
    ...rest,
    properties: {
      [EXTENDS_KEY]: {
        type: "string",
        description:
          "Inherit another config file: `repo`, `owner/repo` or `owner/repo:path/to/file.yml`. This file's settings win; lists replace inherited lists.",
        // The loader's own regex, minus its case-insensitive flag and lookahead, which JSON Schema lacks.
        pattern: "^(?:[A-Za-z\\d-]{1,39}/)?[-_.\\w]+(?::[-_./\\w]+\\.[Yy][Aa]?[Mm][Ll])?$",
      },
      ...generated.properties,
    },
  };
}
