import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyEditPath } from "../../../src/patch/llm/classify-edit-path.js";
import { importedModules } from "../../../src/patch/llm/imported-modules.js";
import { isSecretPath } from "../../../src/patch/llm/is-secret-path.js";
import { sanitiseForModel } from "../../../src/patch/llm/sanitise-for-model.js";
import { stripHiddenUnicode } from "../../../src/domain/hidden-unicode.js";

describe("stripHiddenUnicode", () => {
  it("removes and counts bidi controls, zero-width characters, word joiner, BOM and tag characters", () => {
    const hidden = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u{E0001}", "\u{E0041}", "\u{E007F}"];
    const result = stripHiddenUnicode(`a${hidden.join("")}b`);
    expect(result).toEqual({ text: "ab", removed: hidden.length });
  });

  it("leaves visible non-ASCII text and emoji alone", () => {
    expect(stripHiddenUnicode("naïve café — 日本語 👍🏽")).toEqual({ text: "naïve café — 日本語 👍🏽", removed: 0 });
  });
});

describe("sanitiseForModel", () => {
  it("strips hidden characters before redacting, so a zero-width space cannot split a token past the redactor", () => {
    const result = sanitiseForModel("key ghs_CANARY\u200Bq8w7e6r5t4y3u2i1o0p9 end");
    expect(result).toEqual({ text: "key [REDACTED] end", hiddenRemoved: 1, secretsRedacted: 1 });
  });

  it("does not count a placeholder already in the text as a redaction", () => {
    expect(sanitiseForModel("x = '[REDACTED]'").secretsRedacted).toBe(0);
  });
});

describe("isSecretPath and classifyEditPath", () => {
  it.each([".env", ".env.local", "config/prod.env", "keys/server.pem", "tls/site.key", "id_rsa", "home/.ssh/id_ed25519.pub", ".npmrc", "sub/.npmrc", ".git/config", ".git/hooks/pre-commit", ".pypirc"])(
    "%s is a credentials file",
    (path) => {
      expect(isSecretPath(path)).toBe(true);
      expect(classifyEditPath(path)).toBe("secret");
    },
  );

  it.each([".github/workflows/ci.yml", ".github/actions/setup/action.yml", "CODEOWNERS", ".github/CODEOWNERS", ".github/secfix.yml", ".github/dependabot.yml", ".gitmodules", ".husky/pre-commit"])(
    "%s is protected",
    (path) => expect(classifyEditPath(path)).toBe("protected"),
  );

  it.each(["package.json", "web/package-lock.json", "yarn.lock", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "setup.py", "go.mod", "Cargo.toml", "Gemfile", "pom.xml", "app.csproj"])(
    "%s is a manifest",
    (path) => expect(classifyEditPath(path)).toBe("manifest"),
  );

  it.each(["../x", "a/../../x", "/etc/passwd", "C:\\x", "C:/x", "x\u0000y", "a//b", "./a", "dir./x", "x ", "src/\u202Eevil.js"])("%j is unsafe", (path) =>
    expect(classifyEditPath(path)).toBe("unsafe"),
  );

  it.each(["src/db.js", "lib/a.py", "README.md", "src/environment.ts", "keyboard.js", "docs/monkey.md"])("%s is an ordinary file", (path) => {
    expect(classifyEditPath(path)).toBeNull();
  });
});

describe("importedModules", () => {
  it("finds packages in ESM, CommonJS, re-exports, dynamic import and import types; not built-ins or relative paths", () => {
    const source = [
      'import a from "alpha";',
      'import { b } from "@scope/beta/sub";',
      'import fs from "node:fs";',
      'import path from "path";',
      'import local from "./local.js";',
      'export * from "gamma";',
      'const d = require("delta/fp");',
      'const e = await import("epsilon");',
      'type T = import("zeta").T;',
      'import x = require("eta");',
      "const dyn = require(name);",
      "",
    ].join("\n");
    const found = importedModules("src/a.ts", source);
    expect([...found.packages].sort()).toEqual(["@scope/beta", "alpha", "delta", "epsilon", "eta", "gamma", "zeta"]);
    expect(found.dynamic).toBe(1);
  });

  it("finds Python packages but not the standard library or relative imports", () => {
    const found = importedModules("app.py", "import os, requests as r\nfrom flask import Flask\nfrom . import views\nimport xml.etree.ElementTree\nmod = __import__(name)\n");
    expect([...found.packages].sort()).toEqual(["flask", "requests"]);
    expect(found.dynamic).toBe(1);
  });

  it("compares import lines as text for languages it does not parse", () => {
    expect([...importedModules("Main.java", "import java.util.List;\nclass A {}\n").lines]).toEqual(["import java.util.List;"]);
  });
});

describe("src/patch stays free of the openai SDK", () => {
  it("imports `openai` only in the one adapter file", () => {
    const root = new URL("../../../src/patch", import.meta.url).pathname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(root, f));
    const importers = files.filter((f) => /from\s+["']openai(\/[^"']*)?["']|require\(\s*["']openai/.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
    expect(importers).toEqual(["llm/openai-model-client.ts"]);
  });
});
