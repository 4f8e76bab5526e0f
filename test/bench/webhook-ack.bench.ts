/**
 * How fast a webhook is acknowledged: signed deliveries POSTed over loopback HTTP to the real
 * middleware (signature check, delivery record, finding, job, audit event in one SQLite
 * transaction on a file). The worker is stopped so only the acknowledgement is measured.
 *
 *   npm run bench:ack [-- <deliveries>]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sign } from "@octokit/webhooks-methods";
import { Probot, createNodeMiddleware } from "probot";
import { pino } from "pino";
import { startSecfix, type SecfixRuntime } from "../../src/index.js";
import { exampleWebhook } from "../helpers/webhook-examples.js";

const deliveries = Number(process.argv[2] ?? 500);
const secret = "bench-secret";
const directory = mkdtempSync(path.join(tmpdir(), "secfix-bench-"));
let runtime: SecfixRuntime | undefined;

const probot = new Probot({ githubToken: "unused", secret, log: pino({ level: "silent" }) });
const middleware = await createNodeMiddleware(
  async (app, options) => {
    runtime = await startSecfix(app, options, { databaseUrl: path.join(directory, "secfix.db") });
    await runtime.worker.stop();
  },
  { probot },
);
const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

const template = exampleWebhook("code_scanning_alert", "created");
const timings: number[] = [];
for (let i = 0; i < deliveries + 20; i++) {
  const payload = structuredClone(template);
  payload.alert.number = 1000 + i;
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "x-github-event": "code_scanning_alert",
    "x-github-delivery": `bench-${i}`,
    "x-hub-signature-256": await sign(secret, body),
  };
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body });
  await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`delivery ${i} answered ${response.status}`);
  if (i >= 20) timings.push(elapsed); // the first requests warm up JIT and SQLite caches
}

const alertJobs = (await runtime!.store.read((reader) => reader.listJobs("queued"))).filter((job) => job.kind === "alert.sync").length;
server.close();
await runtime!.stop();
rmSync(directory, { recursive: true, force: true });

timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);
const mean = (timings.reduce((sum, t) => sum + t, 0) / timings.length).toFixed(2);
console.log(`webhook acknowledgement over loopback HTTP, ${timings.length} signed code_scanning_alert deliveries (SQLite file, WAL)`);
console.log(`  mean ${mean} ms   p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms   max ${timings.at(-1)!.toFixed(2)} ms`);
console.log(`  alert jobs queued: ${alertJobs} for ${deliveries + 20} deliveries (warm-up included)`);
