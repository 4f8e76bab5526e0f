const jsyaml = require("js-yaml");

export function readFixture(text: string): unknown {
  return jsyaml.load(text, { schema: jsyaml.DEFAULT_FULL_SCHEMA, filename: "fixture.yml" });
}
