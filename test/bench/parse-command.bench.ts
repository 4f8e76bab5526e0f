/**
 * How long the slash-command parser takes on ordinary and hostile comment bodies, at growing
 * sizes: the time per character should stay flat (linear parsing), never grow with the size.
 *
 *   npm run bench:commands
 */
import { performance } from "node:perf_hooks";
import { parseCommand } from "../../src/commands/parse-command.js";

const SIZES = [1_000, 16_000, 256_000, 1_000_000];
const BODIES: Record<string, (size: number) => string> = {
  "review text, command at the end": (size) => `${"Looks fine to me, one nit below.\n".repeat(Math.ceil(size / 33)).slice(0, size)}\n\n/secfix approve`,
  "one long argument line": (size) => `/secfix dismiss wont-fix ${"a ".repeat(size / 2)}`,
  "unclosed code fences": (size) => "```\n".repeat(size / 4),
  "unclosed HTML comment openers": (size) => "<!--\n".repeat(size / 5),
  "nested brackets and tags": (size) => "[<a [<b ".repeat(size / 8) + "\n/secfix help",
  "many command lines": (size) => "/secfix retry\n".repeat(size / 14),
};

function time(body: string): number {
  const runs = body.length > 100_000 ? 5 : 50;
  parseCommand(body);
  const start = performance.now();
  for (let i = 0; i < runs; i++) parseCommand(body);
  return (performance.now() - start) / runs;
}

console.log(`${"body".padEnd(34)}${SIZES.map((size) => `${(size / 1000).toString()}k chars`.padStart(16)).join("")}   ns/char at 1M`);
for (const [name, build] of Object.entries(BODIES)) {
  const cells: string[] = [];
  let last = 0;
  for (const size of SIZES) {
    const body = build(size);
    last = time(body);
    cells.push(`${last.toFixed(3)} ms`.padStart(16));
    if (size === SIZES.at(-1)) last = (last * 1e6) / body.length;
  }
  const outcome = parseCommand(build(SIZES[0]!)).kind;
  console.log(`${name.padEnd(34)}${cells.join("")}   ${last.toFixed(1).padStart(6)}   (${outcome})`);
}
