import { defineConfig } from "vitest/config";

/**
 * The live tier: real npm projects, the real registry, real `npm ci`. Opt-in (`npm run test:registry`),
 * never part of `npm test`: it needs the network and takes minutes. The files are named `*.live.ts`
 * so the default suite's `test/**\/*.test.ts` never picks them up.
 */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/registry/**/*.live.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
