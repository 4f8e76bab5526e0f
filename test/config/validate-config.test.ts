import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.schema.js";
import { validateConfig, type ConfigSourceFile } from "../../src/config/validate-config.js";
import { parse } from "yaml";

function file(repo: string, text: string, owner = "acme"): ConfigSourceFile {
  return {
    owner,
    repo,
    path: ".github/secfix.yml",
    url: `https://api.github.com/repos/${owner}/${repo}/contents/.github%2Fsecfix.yml`,
    text,
    data: parse(text) ?? {},
  };
}

const ref = (repo: string) => ({
  owner: "acme",
  repo,
  path: ".github/secfix.yml",
  url: `https://api.github.com/repos/acme/${repo}/contents/.github%2Fsecfix.yml`,
});

describe("validateConfig", () => {
  it("gives defaults when no file exists anywhere", () => {
    expect(validateConfig([])).toEqual({ status: "missing", config: defaultConfig() });
  });

  it("fills defaults around the settings a valid file sets", () => {
    const result = validateConfig([file("api", "severity_threshold: high\nsla:\n  critical: 4h\n")]);
    expect(result).toEqual({
      status: "valid",
      config: { ...defaultConfig(), severity_threshold: "high", sla: { ...defaultConfig().sla, critical: "4h" } },
      files: [ref("api")],
    });
  });

  it("treats an empty file as all defaults", () => {
    expect(validateConfig([file("api", "# nothing set yet\n")])).toMatchObject({ status: "valid", config: defaultConfig() });
  });

  it("lets the repository's file win over inherited ones and replaces inherited lists", () => {
    const org = file(".github", "sla:\n  critical: 12h\n  high: 3d\ncustomer_facing_paths: [src/api/**, src/web/**]\n");
    const own = file("api", "sla:\n  critical: 6h\ncustomer_facing_paths: [app/**]\n");
    const result = validateConfig([org, own]);
    expect(result.status).toBe("valid");
    if (result.status !== "valid") return;
    expect(result.config.sla).toEqual({ critical: "6h", high: "3d", medium: "30d", low: "90d", max_open_escalations: 10, escalate_to: [] });
    expect(result.config.customer_facing_paths).toEqual(["app/**"]);
    expect(result.files).toEqual([ref(".github"), ref("api")]);
  });

  it("names the key, the line and what is wrong for a bad value", () => {
    const result = validateConfig([file("api", "severity_threshold: high\nsla:\n  critical: 1 day\n")]);
    expect(result).toEqual({
      status: "invalid",
      problems: [
        {
          file: ref("api"),
          line: 3,
          column: 3,
          keyPath: "sla.critical",
          message: '`sla.critical` must be a duration like 30m, 24h or 7d, got "1 day"',
        },
      ],
    });
  });

  it("says a boolean must be true or false", () => {
    const result = validateConfig([file("api", "auto_merge:\n  enabled: yes\n")]);
    expect(result).toMatchObject({
      status: "invalid",
      problems: [{ keyPath: "auto_merge.enabled", line: 2, message: '`auto_merge.enabled` must be true or false, got "yes"' }],
    });
  });

  it("points an unknown key at the key itself and suggests the likely one", () => {
    const result = validateConfig([file("api", "sla:\n  critical: 1h\n  hihg: 2d\n")]);
    expect(result).toMatchObject({
      status: "invalid",
      problems: [
        {
          keyPath: "sla.hihg",
          line: 3,
          column: 3,
          message: "`sla.hihg` is not a secfix setting; the settings under sla are critical, high, medium, low, max_open_escalations, escalate_to. Did you mean high?",
        },
      ],
    });
  });

  it("reports every problem at once, in every kind secfix knows", () => {
    const text = [
      "severity_threshold: urgent", // 1
      "customer_facing_paths: src/api/**", // 2
      "gates:", // 3
      "  max_files: 2.5", // 4
      "  max_changed_lines: 0", // 5
      "ai:", // 6
      "  model: ''", // 7
      "  max_tokens_per_fix: '12000'", // 8
      "approvers:", // 9
      "  customer_facing: ['not a team!']", // 10
      "sources:", // 11
      "frobnicate: true", // 12
    ].join("\n");
    const result = validateConfig([file("api", text)]);
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.problems.map(({ keyPath, line, message }) => ({ keyPath, line, message }))).toEqual(
      expect.arrayContaining([
        { keyPath: "severity_threshold", line: 1, message: '`severity_threshold` must be one of critical, high, medium, low, none; got "urgent"' },
        { keyPath: "customer_facing_paths", line: 2, message: '`customer_facing_paths` must be a list, got "src/api/**"' },
        { keyPath: "gates.max_files", line: 4, message: "`gates.max_files` must be a whole number, got 2.5" },
        { keyPath: "gates.max_changed_lines", line: 5, message: "`gates.max_changed_lines` must be at least 1, got 0" },
        { keyPath: "ai.model", line: 7, message: '`ai.model` must not be empty, got ""' },
        { keyPath: "ai.max_tokens_per_fix", line: 8, message: '`ai.max_tokens_per_fix` must be a number, got "12000"' },
        {
          keyPath: "approvers.customer_facing[0]",
          line: 10,
          message: '`approvers.customer_facing[0]` must be a team slug like security or my-org/security, got "not a team!"',
        },
        { keyPath: "sources", line: 11, message: "`sources` must be a mapping of settings (key: value lines), got an empty value" },
        { keyPath: "frobnicate", line: 12, message: expect.stringMatching(/^`frobnicate` is not a secfix setting; the settings are sources, severity_threshold, /) },
      ]),
    );
    expect(result.problems).toHaveLength(9);
  });

  it("says how long a list may be", () => {
    const teams = Array.from({ length: 16 }, (_, index) => `team-${index}`).join(", ");
    const result = validateConfig([file("api", `approvers:\n  new_patterns: [${teams}]\n`)]);
    expect(result).toMatchObject({
      status: "invalid",
      problems: [{ keyPath: "approvers.new_patterns", line: 2, message: "`approvers.new_patterns` must list at most 15 entries, got a list of 16" }],
    });
  });

  it("blames the inherited file when the bad value comes from it", () => {
    const org = file(".github", "sla:\n  high: soon\n");
    const own = file("api", "sla:\n  critical: 6h\n");
    expect(validateConfig([org, own])).toMatchObject({
      status: "invalid",
      problems: [{ file: ref(".github"), line: 2, keyPath: "sla.high", message: '`sla.high` must be a duration like 30m, 24h or 7d, got "soon"' }],
    });
  });

  it("blames the repository's file when it overrides an inherited value with a bad one", () => {
    const org = file(".github", "sla:\n  high: 3d\n");
    const own = file("api", "# ours\nsla:\n  high: 3 days\n");
    expect(validateConfig([org, own])).toMatchObject({
      status: "invalid",
      problems: [{ file: ref("api"), line: 3, keyPath: "sla.high" }],
    });
  });

  it("blames the file that wrote an inherited list, not one that only shares its parent", () => {
    const org = file(".github", "approvers:\n  customer_facing: ['bad team!']\n");
    const own = file("api", "approvers:\n  new_patterns: [security]\n");
    expect(validateConfig([org, own])).toMatchObject({
      status: "invalid",
      problems: [{ file: ref(".github"), line: 2, keyPath: "approvers.customer_facing[0]" }],
    });
  });

  it("leaves the line empty when the text was not fetched", () => {
    const { text: _text, ...withoutText } = file("api", "sla:\n  critical: never\n");
    expect(validateConfig([withoutText])).toMatchObject({
      status: "invalid",
      problems: [{ file: ref("api"), line: null, column: null, keyPath: "sla.critical" }],
    });
  });

  it("rejects a file that is a list instead of a mapping", () => {
    expect(validateConfig([file("api", "- sla\n- ai\n")])).toEqual({
      status: "invalid",
      problems: [
        {
          file: ref("api"),
          line: 1,
          column: 1,
          keyPath: "",
          message: "The file must be a mapping of settings (key: value lines), got a list of 2",
        },
      ],
    });
  });

  it("never falls back to defaults for an invalid file", () => {
    const result = validateConfig([file("api", "auto_merge:\n  enabled: 'true'\n")]);
    expect(result.status).toBe("invalid");
    expect(result).not.toHaveProperty("config");
  });
});
