import { createRequire, builtinModules } from "node:module";
import vm from "node:vm";
import ts from "typescript";

const realRequire = createRequire(import.meta.url);

export interface LoadOptions {
  /** Modules the code gets instead of the real ones, by bare name (`child_process`, `mysql2`); `node:` is ignored. */
  fakes?: Record<string, unknown>;
  /** What `__dirname` is inside the code (a temporary directory for file tests). */
  dirname?: string;
  /** Any file name ending in .ts compiles as TypeScript. */
  fileName?: string;
}

/**
 * Runs patched JavaScript or TypeScript, CommonJS or ES module, in this realm and returns its
 * exports. Everything is compiled to CommonJS so `require` and `import` both go through one
 * function that hands out fakes, real Node built-ins, and nothing else: a test can never reach a
 * real shell or database by accident.
 */
export function loadWithFakes(code: string, options: LoadOptions = {}): Record<string, any> {
  const fileName = options.fileName ?? "snippet.js";
  // Compiled as a plain .ts / .js file: a .mjs or .mts name would make TypeScript keep ES module syntax.
  const js = ts.transpileModule(code, {
    fileName: /\.[cm]?tsx?$/.test(fileName) ? "module.ts" : "module.js",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true },
  }).outputText;
  // A CLI's shebang line is only valid at the very start of a file, not inside the wrapper below.
  const body = js.startsWith("#!") ? `//${js.slice(2)}` : js;
  const fakes = options.fakes ?? {};
  const module = { exports: {} as Record<string, any> };
  const require = (name: string): unknown => {
    const bare = name.replace(/^node:/, "");
    if (bare in fakes) return fakes[bare];
    if (builtinModules.includes(bare)) return realRequire(`node:${bare}`);
    throw new Error(`the code requires ${name}, which the test did not fake`);
  };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {\n${body}\n})`) as (...args: unknown[]) => void;
  const dirname = options.dirname ?? "/nonexistent";
  wrapper(module.exports, require, module, `${dirname}/${fileName}`, dirname);
  return module.exports;
}
