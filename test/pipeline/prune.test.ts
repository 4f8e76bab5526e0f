import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneJob } from "../../src/pipeline/job-payloads.js";
import { createTestApp, type TestApp } from "../harness/create-test-app.js";

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

const DAY = 86_400_000;

describe("the daily prune job", () => {
  it("forgets deliveries after 35 days and finished jobs after 14, keeps dead jobs, and schedules itself again", async () => {
    const at = (daysAgo: number) => new Date(app.clock().getTime() - daysAgo * DAY).toISOString();
    await app.store.transaction(async (tx) => {
      for (const [id, daysAgo] of [["old", 40], ["recent", 20]] as const) {
        await tx.recordDelivery({ id, event: "push", action: null, installationId: 1, repository: "o/r", receivedAt: at(daysAgo) });
      }
    });
    // Three jobs finished at different times, one that failed for good long ago.
    for (const [key, daysAgo, fail] of [["done-old", 20, false], ["done-new", 3, false], ["dead-old", 60, true]] as const) {
      app.clock.set(at(daysAgo));
      await app.store.transaction((tx) => tx.enqueueJob({ kind: "x", key, payload: {}, maxAttempts: 1 }, app.clock().toISOString()));
      const claimed = await app.store.claimJob({ now: app.clock().toISOString(), leaseMs: 60_000 });
      if (fail) await app.store.failJob(claimed!.lease, "boom", null, app.clock().toISOString());
      else await app.store.completeJob(claimed!.lease, app.clock().toISOString());
      app.clock.set(at(-daysAgo)); // back to the present
    }

    await app.store.transaction((tx) => tx.enqueueJob(pruneJob(app.clock().toISOString()), app.clock().toISOString()));
    expect(await app.worker.runUntilIdle()).toBe(1);

    expect(await app.store.read((reader) => reader.hasDelivery("old"))).toBe(false);
    expect(await app.store.read((reader) => reader.hasDelivery("recent"))).toBe(true);
    const jobs = await app.store.read((reader) => reader.listJobs());
    expect(jobs.map((job) => job.key).sort()).toEqual(["dead-old", "done-new", "maintenance.prune", "maintenance.prune"]);
    const next = jobs.find((job) => job.kind === "maintenance.prune" && job.state === "queued");
    expect(Date.parse(next!.runAt) - app.clock().getTime()).toBe(DAY);
  });
});
