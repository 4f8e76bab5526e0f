// Shared by the check.mjs harnesses of the injection corpus families (command injection,
// path traversal, prototype pollution, SQL injection): load a sample with fakes, fake express.
import { existsSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { basename, dirname } from "node:path";
import vm from "node:vm";
import ts from "typescript";

/**
 * Loads a (patched) sample from `modulePath` and returns its exports. JavaScript or TypeScript,
 * CommonJS or ES module: it is compiled to CommonJS so that every `require` / `import` goes through
 * one function, which hands out `fakes` (by bare name; `node:` is ignored), real Node built-ins,
 * and nothing else. The sample runs in this realm, so prototype pollution is visible to the check.
 */
export function loadModule(modulePath, { fakes = {}, dirname: dir = dirname(modulePath) } = {}) {
  const source = readFileSync(modulePath, "utf8");
  const typescript = /\.[cm]?tsx?$/.test(modulePath);
  const js = ts.transpileModule(source, {
    fileName: typescript ? "module.ts" : "module.js",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true },
  }).outputText;
  const body = js.startsWith("#!") ? `//${js.slice(2)}` : js;
  const realRequire = createRequire(modulePath);
  const module = { exports: {} };
  const require = (name) => {
    const bare = name.replace(/^node:/, "");
    if (bare in fakes) return fakes[bare];
    if (builtinModules.includes(bare)) return realRequire(`node:${bare}`);
    throw new Error(`${basename(modulePath)} requires ${name}, which the check does not provide`);
  };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {\n${body}\n})`, { filename: modulePath });
  wrapper(module.exports, require, module, `${dir}/${basename(modulePath)}`, dir);
  return module.exports;
}

/** Just enough of express for a sample: `express()` and `express.Router()` record handlers by method and path. */
export function fakeExpress() {
  const routes = {};
  const app = {};
  for (const method of ["get", "post", "put", "delete", "use"]) {
    app[method] = (path, ...handlers) => {
      routes[`${method.toUpperCase()} ${path}`] = handlers[handlers.length - 1];
      return app;
    };
  }
  app.listen = () => app;
  const express = Object.assign(() => app, { Router: () => app, json: () => (req, res, next) => next() });
  return { routes, module: express };
}

/** A response that records status, headers and body the way express and node http set them. */
export function fakeResponse() {
  const res = {
    statusCode: 200,
    body: undefined,
    headers: {},
    status(code) { res.statusCode = code; return res; },
    sendStatus(code) { res.statusCode = code; return res; },
    set(name, value) { res.headers[name] = value; return res; },
    type() { return res; },
    setHeader(name, value) { res.headers[name] = value; },
    writeHead(code, headers) { res.statusCode = code; Object.assign(res.headers, headers ?? {}); return res; },
    send(body) { res.body = body; return res; },
    json(body) { res.body = body; return res; },
    end(body) { if (body !== undefined) res.body = body; return res; },
    sendFile(file) { return res.download(file); },
    download(file) {
      if (existsSync(file)) res.body = readFileSync(file, "utf8");
      else res.statusCode = 404;
      return res;
    },
  };
  return res;
}
