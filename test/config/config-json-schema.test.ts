import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/config/config-json-schema.js";

describe("configJsonSchema", () => {
  it("matches the committed src/config/secfix.schema.json (regenerate: npx tsx src/cli/write-config-schema.ts)", () => {
    const committed = readFileSync(new URL("../../src/config/secfix.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  it("describes the file as users write it: every setting optional, _extends allowed, unknown keys refused", () => {
    const schema = configJsonSchema() as {
      $id: string;
      title: string;
      required?: string[];
      additionalProperties: boolean;
      properties: Record<string, { type?: string; default?: unknown; pattern?: string }>;
    };
    expect(schema.$id).toMatch(/secfix\.schema\.json$/);
    expect(schema.title).toContain("secfix");
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.severity_threshold).toMatchObject({ default: "low" });
    const extendsPattern = new RegExp(schema.properties._extends?.pattern ?? "^$");
    expect(["shared-config", "Acme/.github", "acme/policies:secfix/base.yml"].filter((v) => extendsPattern.test(v))).toHaveLength(3);
    expect(extendsPattern.test("acme/policies:secfix/base.txt")).toBe(false);
  });
});
