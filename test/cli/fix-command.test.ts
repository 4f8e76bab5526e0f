import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";
import { DB_JS, FIXED_LINE, QUERY_LINE, fakeOpenAi, goodAnswer } from "../patch/llm/llm-fixtures.js";
import { FIXTURES, installedEntries, lockPackages, npmResult, serveRecordedRegistry } from "../patch/deps/npm/npm-fixtures.js";

let dir: string;
let checkout: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "secfix-fix-"));
  checkout = path.join(dir, "repo");
  cpSync(path.join(FIXTURES, "direct-styles"), checkout, { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A Dependabot alert as the REST API returns it, for lodash < 4.17.21 in the checkout's lockfile. */
function alertFile(overrides: Record<string, unknown> = {}, name = "alert.json"): string {
  const { alert } = exampleWebhook("dependabot_alert", "created");
  const lodash = { ecosystem: "npm", name: "lodash" };
  const body = {
    ...alert,
    dependency: { ...alert.dependency, package: lodash, manifest_path: "package-lock.json" },
    security_advisory: { ...alert.security_advisory, ghsa_id: "GHSA-35jh-r3h4-6jhm", summary: "Command Injection in lodash", severity: "high" },
    security_vulnerability: { package: lodash, severity: "high", vulnerable_version_range: "< 4.17.21", first_patched_version: { identifier: "4.17.21" } },
    ...overrides,
  };
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

async function fix(...argv: string[]) {
  return fixWithEnv({}, ...argv);
}

async function fixWithEnv(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(["fix", ...argv], { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err, result: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : null };
}

describe("secfix fix", () => {
  it("patches the checkout like npm would and prints one JSON result", async () => {
    serveRecordedRegistry();
    const { code, result } = await fix("--dir", checkout, "--alert", alertFile());
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "patched", strategy: "npm-direct", files: ["package.json", "package-lock.json"], fromVersion: "4.17.15", toVersion: "4.17.21" });
    expect(JSON.parse(readFileSync(path.join(checkout, "package.json"), "utf8")).dependencies.lodash).toBe("^4.17.21");
    expect(installedEntries(lockPackages(readFileSync(path.join(checkout, "package-lock.json"), "utf8")))).toEqual(
      installedEntries(npmResult("direct-styles", "lodash")),
    );
  });

  it("fixes several alerts on one package with the one version that clears them all", async () => {
    serveRecordedRegistry();
    const older = alertFile(
      {
        security_advisory: { ...exampleWebhook("dependabot_alert", "created").alert.security_advisory, ghsa_id: "GHSA-p6mc-m468-83gw" },
        security_vulnerability: { package: { ecosystem: "npm", name: "lodash" }, severity: "high", vulnerable_version_range: "< 4.17.19", first_patched_version: { identifier: "4.17.19" } },
      },
      "older.json",
    );
    const { code, result } = await fix("--dir", checkout, "--alert", older, "--alert", alertFile());
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "patched", toVersion: "4.17.21" });
  });

  it("refuses alerts on different packages in one run", async () => {
    const other = alertFile({ dependency: { package: { ecosystem: "npm", name: "qs" }, manifest_path: "package-lock.json", scope: "runtime" } }, "qs.json");
    const { code, result } = await fix("--dir", checkout, "--alert", alertFile(), "--alert", other);
    expect(code).toBe(1);
    expect(String(result!.reason)).toMatch(/one package in one manifest directory/);
  });

  it("prints the unified diff and writes nothing with --dry-run", async () => {
    serveRecordedRegistry();
    const before = readFileSync(path.join(checkout, "package.json"), "utf8");
    const { code, err, result } = await fix("--dir", checkout, "--alert", alertFile(), "--dry-run");
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "patched" });
    expect(err).toContain("--- a/package.json\n+++ b/package.json");
    expect(err).toContain('-    "lodash": "^4.17.15",\n+    "lodash": "^4.17.21",');
    expect(readFileSync(path.join(checkout, "package.json"), "utf8")).toBe(before);
  });

  it("exits 2 with the reason when there is no fix", async () => {
    serveRecordedRegistry();
    const alert = alertFile({
      security_vulnerability: { package: { ecosystem: "npm", name: "lodash" }, severity: "high", vulnerable_version_range: ">= 0", first_patched_version: null },
    });
    const { code, result } = await fix("--dir", checkout, "--alert", alert);
    expect(code).toBe(2);
    expect(result).toMatchObject({ status: "no_fix", strategy: null, files: [] });
    expect(String(result!.reason)).toMatch(/lodash/);
  });

  it("takes a code scanning alert too: no location means no fix, exit 2", async () => {
    const file = path.join(dir, "code.json");
    writeFileSync(file, JSON.stringify(exampleWebhook("code_scanning_alert", "created").alert));
    const { code, result } = await fix("--dir", checkout, "--alert", file);
    expect(code).toBe(2);
    expect(result).toMatchObject({ status: "no_fix", reason: "the alert points at no line of code" });
  });

  it("fixes a code scanning alert with the model named by --model, through the same local checks", async () => {
    mkdirSync(path.join(checkout, "src"));
    writeFileSync(path.join(checkout, "src/db.js"), DB_JS);
    const alert = exampleWebhook("code_scanning_alert", "created").alert;
    const file = path.join(dir, "code.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...alert,
        rule: { ...alert.rule, id: "js/sql-injection", security_severity_level: "high" },
        most_recent_instance: { ref: "refs/heads/main", state: "open", location: { path: "src/db.js", start_line: QUERY_LINE, end_line: QUERY_LINE } },
      }),
    );
    const model = fakeOpenAi([{ answer: goodAnswer }]);
    const { code, result } = await fixWithEnv({ OPENAI_API_KEY: "sk-test-key-for-the-fake-endpoint" }, "--dir", checkout, "--alert", file, "--model", "gpt-test");
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "patched", strategy: "llm", files: ["src/db.js"] });
    expect(readFileSync(path.join(checkout, "src/db.js"), "utf8").split("\n")[QUERY_LINE - 1]).toBe(FIXED_LINE);
    expect(model.requests[0]!.model).toBe("gpt-test");
  });

  it("exits 1 with an error result for an unreadable or malformed alert", async () => {
    const missing = await fix("--dir", checkout, "--alert", path.join(dir, "nope.json"));
    expect(missing.code).toBe(1);
    expect(missing.result).toMatchObject({ status: "error", reason: expect.stringContaining("cannot read the alert") });
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ number: 1 }));
    const malformed = await fix("--dir", checkout, "--alert", file);
    expect(malformed.code).toBe(1);
    expect(malformed.result).toMatchObject({ status: "error", reason: expect.stringContaining("is not a Dependabot alert") });
  });

  it("never reads outside the checkout, whatever path the alert names", async () => {
    writeFileSync(path.join(dir, "package.json"), '{"dependencies":{"lodash":"4.17.15"}}');
    const alert = alertFile({ dependency: { package: { ecosystem: "npm", name: "lodash" }, manifest_path: "../package.json", scope: "runtime" } });
    const { code, result } = await fix("--dir", checkout, "--alert", alert);
    expect(code).toBe(1);
    expect(String(result!.reason)).toMatch(/outside/);
  });

  it("asks for both --dir and --alert", async () => {
    const { code, err } = await fix("--dir", checkout);
    expect(code).toBe(2);
    expect(err).toContain("--dir and --alert are both required");
  });
});
