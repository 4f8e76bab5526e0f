// Shared by the check.mjs files of the web-security corpus families (xss, sanitization, crypto,
// cookies, redirects, ...): loads a sample with fakes so its check can run it.
import { readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { basename, dirname } from "node:path";
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import ts from "typescript";

/**
 * Loads a (patched) sample and returns its exports. JavaScript or TypeScript, CommonJS or ES
 * module: it is compiled to CommonJS so every `require`/`import` goes through one function that
 * hands out `fakes` (npm packages by name), real Node built-ins, and nothing else. `globals`
 * become free variables of the sample (a fake `document` for browser code).
 */
export function loadModule(modulePath, { fakes = {}, globals = {} } = {}) {
  const source = readFileSync(modulePath, "utf8");
  const js = ts.transpileModule(source, {
    fileName: /\.[cm]?tsx?$/.test(modulePath) ? "module.ts" : "module.js",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true },
  }).outputText;
  const realRequire = createRequire(modulePath);
  const module = { exports: {} };
  const require = (name) => {
    const bare = name.replace(/^node:/, "");
    if (bare in fakes) return fakes[bare];
    if (builtinModules.includes(bare)) return realRequire(`node:${bare}`);
    throw new Error(`${basename(modulePath)} requires ${name}, which the check does not provide`);
  };
  const names = Object.keys(globals);
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname, ${names.join(", ")}) {\n${js}\n})`, { filename: modulePath });
  wrapper(module.exports, require, module, modulePath, dirname(modulePath), ...names.map((n) => globals[n]));
  return module.exports;
}

/** Just enough of express: `express()` records handlers as "GET /path"; `use` records middleware. */
export function fakeExpress() {
  const routes = {};
  const middleware = [];
  const app = { use: (...handlers) => middleware.push(...handlers), set: () => app, listen: () => undefined };
  for (const method of ["get", "post", "put", "delete"]) app[method] = (path, ...handlers) => void (routes[`${method.toUpperCase()} ${path}`] = handlers[handlers.length - 1]);
  const express = () => app;
  express.json = () => (req, res, next) => next?.();
  express.Router = () => app;
  return { express, app, routes, middleware };
}

/** A response that records what a handler sent, redirected to, or set as cookies. */
export function fakeResponse() {
  const record = { sent: [], redirects: [], cookies: [], headers: {}, statusCode: 200 };
  const res = {
    send: (body) => (record.sent.push(String(body)), res),
    json: (body) => (record.sent.push(JSON.stringify(body)), res),
    end: (body) => (body !== undefined && record.sent.push(String(body)), res),
    write: (body) => (record.sent.push(String(body)), true),
    status: (code) => ((record.statusCode = code), res),
    type: () => res,
    set: (name, value) => ((record.headers[name.toLowerCase()] = value), res),
    setHeader: (name, value) => void (record.headers[name.toLowerCase()] = value),
    redirect: (...args) => void record.redirects.push(args[args.length - 1]),
    cookie: (name, value, options) => (record.cookies.push({ name, value, options }), res),
  };
  return { res, record };
}

/**
 * Calls `exportName(...args)` from the sample in a worker and gives up `timeoutMs` after the call
 * starts (loading the worker does not count): a catastrophic regular expression blocks its thread,
 * so only another thread can time it out. `ms` is the call's own duration.
 */
export function callWithTimeout(modulePath, exportName, args, timeoutMs) {
  const code = `
    const { workerData, parentPort } = require("node:worker_threads");
    import(workerData.harness).then(({ loadModule }) => {
      const fn = loadModule(workerData.modulePath)[workerData.exportName];
      parentPort.postMessage({ ready: true });
      const started = performance.now();
      const value = fn(...workerData.args);
      parentPort.postMessage({ value, ms: performance.now() - started });
    });`;
  const worker = new Worker(code, { eval: true, workerData: { harness: import.meta.url, modulePath, exportName, args } });
  return new Promise((resolve, reject) => {
    let timer;
    const finish = (result) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    worker.on("message", (message) => {
      if (message.ready) timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
      else finish({ timedOut: false, ...message });
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
