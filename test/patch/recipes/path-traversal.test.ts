import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RecipeOutcome } from "../../../src/domain/code-fix.js";
import { pathTraversalRecipe } from "../../../src/patch/recipes/path-traversal.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { alertAt } from "./helpers/alert-at.js";
import { loadWithFakes } from "./helpers/load-with-fakes.js";

const fix = (path: string, source: string, needle: string, ruleId = "js/path-injection"): RecipeOutcome =>
  pathTraversalRecipe.fix({ source, alert: alertAt(source, path, ruleId, needle) });

const fixed = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "fixed") throw new Error(`expected a fix, got: ${outcome.reason}`);
  return outcome.after;
};

const declineReason = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "declined") throw new Error("expected a decline");
  return outcome.reason;
};

/** A directory holding `<sub>/hello.txt`, with `secret.txt` one level up, outside `<sub>`. */
function fixtureDir(sub: string): string {
  const dir = mkdtempSync(join(tmpdir(), "secfix-path-"));
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, "hello.txt"), "hello");
  writeFileSync(join(dir, "secret.txt"), "top secret");
  return dir;
}

/** Express's Router and response, as far as the snippets use them: `sendFile` really reads the file. */
function fakeExpress() {
  const routes: Record<string, (req: unknown, res: unknown) => unknown> = {};
  const app = { get: (path: string, handler: (req: unknown, res: unknown) => unknown) => (routes[path] = handler) };
  const express = Object.assign(() => app, { Router: () => app });
  return { routes, module: express };
}

function fakeResponse() {
  const response = {
    code: 200,
    body: "",
    status: (code: number) => ((response.code = code), response),
    send: (body: string) => ((response.body = body), response),
    sendFile: (file: string) => {
      if (existsSync(file)) response.body = readFileSync(file, "utf8");
      else response.code = 404;
      return response;
    },
  };
  return response;
}

const SEND_FILE_JS = `const express = require("express");
const path = require("path");

const router = express.Router();

router.get("/files/:name", (req, res) => {
  res.sendFile(path.join(__dirname, "public", req.params.name));
});

module.exports = router;
`;

const UPLOADS_TS = `import { readFile } from "node:fs/promises";
import { join } from "node:path";

const UPLOADS = process.env.UPLOAD_DIR ?? "/srv/uploads";

export async function loadUpload(name: string): Promise<string> {
  const file = join(UPLOADS, name);
  return readFile(file, "utf8");
}
`;

describe("pathTraversalRecipe", () => {
  it("is found by its CodeQL ids and the Semgrep / eslint-plugin-security aliases", () => {
    for (const id of [
      "js/path-injection",
      "js/zipslip",
      "javascript.lang.security.audit.path-traversal.path-join-resolve-traversal.path-join-resolve-traversal",
      "javascript.express.security.audit.express-path-join-resolve-traversal.express-path-join-resolve-traversal",
      "security/detect-non-literal-fs-filename",
    ]) {
      expect(recipeForRule([pathTraversalRecipe], id)).toBe(pathTraversalRecipe);
    }
  });

  it("hoists the path out of res.sendFile, checks it against the public directory and answers 403 (CommonJS)", () => {
    expect(fixed(fix("routes/files.js", SEND_FILE_JS, "path.join(__dirname, \"public\", req.params.name)"))).toBe(`const express = require("express");
const path = require("path");

const router = express.Router();

router.get("/files/:name", (req, res) => {
  const filePath = path.join(__dirname, "public", req.params.name);
  // Refuse paths that leave the intended directory (path traversal).
  if (!path.resolve(filePath).startsWith(path.resolve(__dirname, "public") + path.sep)) {
    res.status(403).send("Forbidden");
    return;
  }
  res.sendFile(filePath);
});

module.exports = router;
`);
  });

  it("still serves public files and no longer serves ../secret.txt", () => {
    const dir = fixtureDir("public");
    const before = fakeExpress();
    loadWithFakes(SEND_FILE_JS, { dirname: dir, fakes: { express: before.module } });
    const leaked = fakeResponse();
    before.routes["/files/:name"]!({ params: { name: "../secret.txt" } }, leaked);
    expect(leaked.body).toBe("top secret"); // the traversal is real

    const after = fakeExpress();
    loadWithFakes(fixed(fix("routes/files.js", SEND_FILE_JS, "path.join(__dirname, \"public\", req.params.name)")), { dirname: dir, fakes: { express: after.module } });
    const normal = fakeResponse();
    after.routes["/files/:name"]!({ params: { name: "hello.txt" } }, normal);
    expect(normal).toMatchObject({ code: 200, body: "hello" });
    for (const name of ["../secret.txt", "../../../../etc/passwd", "nested/../../secret.txt"]) {
      const blocked = fakeResponse();
      after.routes["/files/:name"]!({ params: { name } }, blocked);
      expect(blocked).toMatchObject({ code: 403, body: "Forbidden" });
    }
    // path.join keeps an absolute name inside the directory, as before the fix: not found, not the secret.
    const absolute = fakeResponse();
    after.routes["/files/:name"]!({ params: { name: join(dir, "secret.txt") } }, absolute);
    expect(absolute.code).toBe(404);
  });

  it("checks a declared path right after its declaration, importing the path module next to the named import (TypeScript, ESM)", () => {
    expect(fixed(fix("src/uploads.ts", UPLOADS_TS, "readFile(file"))).toBe(`import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as path from "node:path";

const UPLOADS = process.env.UPLOAD_DIR ?? "/srv/uploads";

export async function loadUpload(name: string): Promise<string> {
  const file = join(UPLOADS, name);
  // Refuse paths that leave the intended directory (path traversal).
  if (!path.resolve(file).startsWith(path.resolve(UPLOADS) + path.sep)) {
    throw new Error("Path escapes the allowed directory");
  }
  return readFile(file, "utf8");
}
`);
  });

  it("reads uploads as before and rejects ../ names", async () => {
    const dir = fixtureDir("uploads");
    const previous = process.env["UPLOAD_DIR"];
    process.env["UPLOAD_DIR"] = join(dir, "uploads");
    try {
      const loaded = loadWithFakes(fixed(fix("src/uploads.ts", UPLOADS_TS, "readFile(file")), { fileName: "uploads.ts" });
      expect(await loaded.loadUpload("hello.txt")).toBe("hello");
      await expect(loaded.loadUpload("../secret.txt")).rejects.toThrow("Path escapes the allowed directory");
    } finally {
      if (previous === undefined) delete process.env["UPLOAD_DIR"];
      else process.env["UPLOAD_DIR"] = previous;
    }
  });

  it("adds the path module and reports through the function's callback for a concatenated path", () => {
    const source = `const fs = require("fs");

function loadTemplate(name, cb) {
  fs.readFile(__dirname + "/templates/" + name + ".html", "utf8", (err, html) => {
    if (err) return cb(err);
    cb(null, html);
  });
}

module.exports = { loadTemplate };
`;
    const after = fixed(fix("lib/templates.js", source, "__dirname + \"/templates/\" + name + \".html\""));
    expect(after).toBe(`const fs = require("fs");
const path = require("path");

function loadTemplate(name, cb) {
  const filePath = __dirname + "/templates/" + name + ".html";
  // Refuse paths that leave the intended directory (path traversal).
  if (!path.resolve(filePath).startsWith(path.resolve(\`\${__dirname}/templates/\`) + path.sep)) {
    cb(new Error("Path escapes the allowed directory"));
    return;
  }
  fs.readFile(filePath, "utf8", (err, html) => {
    if (err) return cb(err);
    cb(null, html);
  });
}

module.exports = { loadTemplate };
`);
  });

  it("turns an arrow's expression body into a block and answers a raw node response with 403", () => {
    const source = `const http = require("http");
const fs = require("fs");
const path = require("path");

const STATIC_DIR = path.resolve("static");

module.exports = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  res.statusCode = 200;
  fs.createReadStream(path.join(STATIC_DIR, url.pathname)).pipe(res);
});
`;
    expect(fixed(fix("server.js", source, "path.join(STATIC_DIR, url.pathname)"))).toBe(`const http = require("http");
const fs = require("fs");
const path = require("path");

const STATIC_DIR = path.resolve("static");

module.exports = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  res.statusCode = 200;
  const filePath = path.join(STATIC_DIR, url.pathname);
  // Refuse paths that leave the intended directory (path traversal).
  if (!path.resolve(filePath).startsWith(path.resolve(STATIC_DIR) + path.sep)) {
    res.statusCode = 403;
    res.end("Forbidden");
    return;
  }
  fs.createReadStream(filePath).pipe(res);
});
`);
    const arrow = `const express = require("express");
const path = require("path");
const ROOT = path.join(__dirname, "files");
const app = express();
app.get("/f", (req, res) => res.sendFile(path.join(ROOT, req.query.f)));
module.exports = app;
`;
    expect(fixed(fix("app.js", arrow, "path.join(ROOT, req.query.f)"))).toBe(`const express = require("express");
const path = require("path");
const ROOT = path.join(__dirname, "files");
const app = express();
app.get("/f", (req, res) => {
  const filePath = path.join(ROOT, req.query.f);
  // Refuse paths that leave the intended directory (path traversal).
  if (!path.resolve(filePath).startsWith(path.resolve(ROOT) + path.sep)) {
    res.status(403).send("Forbidden");
    return;
  }
  return res.sendFile(filePath);
});
module.exports = app;
`);
  });

  it("skips zip entries that leave the destination, in a for-of loop and in a forEach callback", () => {
    const source = `const fs = require("fs");
const path = require("path");

function extractAll(zip, dest) {
  for (const entry of zip.getEntries()) {
    fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());
  }
}

function extractSome(zip, dest, wanted) {
  zip.getEntries().filter((e) => wanted.includes(e.entryName)).forEach((e) => fs.writeFileSync(path.join(dest, e.entryName), e.getData()));
}

module.exports = { extractAll, extractSome };
`;
    const first = fixed(fix("lib/unzip.js", source, "path.join(dest, entry.entryName)", "js/zipslip"));
    const after = fixed(fix("lib/unzip.js", first, "path.join(dest, e.entryName)", "js/zipslip"));
    expect(after).toBe(`const fs = require("fs");
const path = require("path");

function extractAll(zip, dest) {
  for (const entry of zip.getEntries()) {
    const filePath = path.join(dest, entry.entryName);
    // Refuse entries whose path leaves the destination directory (zip slip).
    if (!path.resolve(filePath).startsWith(path.resolve(dest) + path.sep)) {
      continue;
    }
    fs.writeFileSync(filePath, entry.getData());
  }
}

function extractSome(zip, dest, wanted) {
  zip.getEntries().filter((e) => wanted.includes(e.entryName)).forEach((e) => {
    const safePath = path.join(dest, e.entryName);
    // Refuse entries whose path leaves the destination directory (zip slip).
    if (!path.resolve(safePath).startsWith(path.resolve(dest) + path.sep)) {
      return;
    }
    return fs.writeFileSync(safePath, e.getData());
  });
}

module.exports = { extractAll, extractSome };
`);

    const dir = fixtureDir("out");
    const entry = (entryName: string) => ({ entryName, getData: () => Buffer.from(`data of ${entryName}`) });
    const zip = { getEntries: () => [entry("a.txt"), entry("../evil.txt"), entry("sub/../b.txt")] };
    const loaded = loadWithFakes(after);
    loaded.extractAll(zip, join(dir, "out"));
    expect(readFileSync(join(dir, "out", "a.txt"), "utf8")).toBe("data of a.txt");
    expect(readFileSync(join(dir, "out", "b.txt"), "utf8")).toBe("data of sub/../b.txt");
    expect(existsSync(join(dir, "evil.txt"))).toBe(false);
    loaded.extractSome(zip, join(dir, "out"), ["../evil.txt"]);
    expect(existsSync(join(dir, "evil.txt"))).toBe(false);
  });

  it("drains and skips an unzipper entry that escapes, instead of throwing inside the stream's event", () => {
    const source = `const fs = require("fs");
const path = require("path");
const unzipper = require("unzipper");

module.exports = function extract(archive, dest) {
  return fs.createReadStream(archive).pipe(unzipper.Parse()).on("entry", (entry) => {
    entry.pipe(fs.createWriteStream(path.join(dest, entry.path)));
  });
};
`;
    expect(fixed(fix("lib/extract.js", source, "path.join(dest, entry.path)", "js/zipslip"))).toBe(`const fs = require("fs");
const path = require("path");
const unzipper = require("unzipper");

module.exports = function extract(archive, dest) {
  return fs.createReadStream(archive).pipe(unzipper.Parse()).on("entry", (entry) => {
    const filePath = path.join(dest, entry.path);
    // Refuse entries whose path leaves the destination directory (zip slip).
    if (!path.resolve(filePath).startsWith(path.resolve(dest) + path.sep)) {
      entry.autodrain();
      return;
    }
    entry.pipe(fs.createWriteStream(filePath));
  });
};
`);
  });

  it("lets a directory listing reach the root itself, and throws where a bare return would not type-check", () => {
    const source = `import fs from "node:fs";
import path from "node:path";

const SHARE = path.resolve("share");

export function list(sub: string): string[] {
  const dir = path.join(SHARE, sub);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}
`;
    const after = fixed(fix("src/share.ts", source, "fs.readdirSync(dir)"));
    expect(after).toBe(`import fs from "node:fs";
import path from "node:path";

const SHARE = path.resolve("share");

export function list(sub: string): string[] {
  const dir = path.join(SHARE, sub);
  // Refuse paths that leave the intended directory (path traversal).
  if (path.resolve(dir) !== path.resolve(SHARE) && !path.resolve(dir).startsWith(path.resolve(SHARE) + path.sep)) {
    throw new Error("Path escapes the allowed directory");
  }
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}
`);
    const root = fixtureDir("share");
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const loaded = loadWithFakes(after, { fileName: "share.ts" });
      expect(loaded.list("").sort()).toEqual(["hello.txt"]);
      expect(() => loaded.list("..")).toThrow("Path escapes the allowed directory");
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    ["a path handed in as a parameter", "function read(p) { return fs.readFileSync(p); }", "fs.readFileSync(p)", /arrives from elsewhere/],
    ["a root that is itself a parameter", "function read(base, name) { return fs.readFileSync(path.join(base, name)); }", "path.join(base, name)", /does not start with a fixed directory/],
    ["a prefix that does not end at a directory", 'function read(url) { return fs.readFileSync("./static" + url); }', "fs.readFileSync(", /does not end with a `\/`/],
    ["a path only built in some cases", 'function read(req, res) { res.send(req.query.f ? fs.readFileSync(path.join(__dirname, req.query.f)) : "none"); }', "path.join(__dirname, req.query.f)", /only built in some cases/],
    ["a path reassigned after it is built", 'function read(name) { let p = path.join(__dirname, name); p = p + ".txt"; return fs.readFileSync(p); }', "fs.readFileSync(p)", /reassigned/],
    ["a path that is fixed in the code", 'function read() { return fs.readFileSync(path.join(__dirname, "a.txt")); }', "path.join(", /every part of the path is fixed/],
    ["a path computed by a call that would move", "function read(name) { return fs.readFileSync(path.join(__dirname, clean(name))); }", "path.join(", /calls `clean`/],
  ])("declines %s", (_name, body, needle, reason) => {
    const source = `const fs = require("fs");\nconst path = require("path");\n${body}\n`;
    expect(declineReason(fix("lib/read.js", source, needle))).toMatch(reason);
  });
});
