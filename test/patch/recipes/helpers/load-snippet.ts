import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import ts from "typescript";

const realRequire = createRequire(import.meta.url);

/**
 * Runs CommonJS code (JavaScript, or TypeScript compiled as it would be) and returns its
 * `module.exports`. `fakes` stand in for npm packages the snippet requires (express, js-yaml…);
 * Node's own modules are the real ones.
 */
export function loadCommonJs(code: string, fakes: Record<string, unknown> = {}, typescript = false): Record<string, any> {
  const js = typescript ? ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText : code;
  const module = { exports: {} as Record<string, any> };
  const require = (name: string): unknown => {
    if (name in fakes) return fakes[name];
    if (name.startsWith("node:") || realRequire("node:module").builtinModules.includes(name)) return realRequire(name);
    throw new Error(`snippet requires ${name}, which the test did not fake`);
  };
  const wrapper = vm.runInThisContext(`(function (exports, require, module) {\n${js}\n})`) as (e: unknown, r: unknown, m: unknown) => void;
  wrapper(module.exports, require, module);
  return module.exports;
}

/** Writes ES-module code (TypeScript is compiled first) to a temporary file and imports it. */
export async function loadEsm(code: string, typescript = false): Promise<Record<string, any>> {
  const js = typescript ? ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : code;
  const dir = mkdtempSync(join(tmpdir(), "secfix-recipe-"));
  const file = join(dir, "snippet.mjs");
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Record<string, any>;
}
