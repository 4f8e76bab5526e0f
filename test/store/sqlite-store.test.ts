import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GENESIS_HASH, type AuditEvent } from "../../src/domain/audit-event.js";
import type { FixAttempt } from "../../src/domain/fix-attempt.js";
import type { JobInput } from "../../src/domain/job.js";
import { AuditOrderError } from "../../src/store/audit-order-error.js";
import { openStore, sqliteFilename } from "../../src/store/open-store.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { LeaseLostError, type DeliveryRecord, type Store } from "../../src/store/store.js";
import { codeScanningSnapshot, dependabotSnapshot, findingFrom } from "../factories/finding.js";
import { useTempFolders } from "./temp-folders.js";

const T0 = "2026-11-20T10:00:00.000Z";
const tempFolder = useTempFolders();
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function freshStore(filename = path.join(tempFolder(), "secfix.db"), clock?: () => Date): Promise<SqliteStore> {
  const store = new SqliteStore({ filename, ...(clock && { clock }) });
  opened.push(store);
  await store.migrate();
  return store;
}

function delivery(id: string): DeliveryRecord {
  return { id, event: "dependabot_alert", action: "created", installationId: 14662836, repository: "Codertocat/Hello-World", receivedAt: T0 };
}

function job(key: string, overrides: Partial<JobInput> = {}): JobInput {
  return { kind: "sync-alert", key, payload: { key }, ...overrides };
}

function auditEvent(sequence: number, previousHash: string): AuditEvent {
  return {
    sequence,
    at: T0,
    actor: { type: "secfix", login: "secfix[bot]" },
    installationId: 14662836,
    repository: "Codertocat/Hello-World",
    subject: `finding:186853002:dependabot:${sequence}`,
    action: "finding.triaged",
    details: { priority: "P1", reasons: ["runtime dependency"] },
    previousHash,
    hash: String(sequence).padStart(64, "0"),
  };
}

function at(offsetMs: number): string {
  return new Date(Date.parse(T0) + offsetMs).toISOString();
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("SqliteStore", () => {
  it("records a delivery once; the redelivery is reported as already seen", async () => {
    const store = await freshStore();

    expect(await store.transaction((tx) => tx.recordDelivery(delivery("72d3162e-cc78-11e3-81ab-4c9367dc0958")))).toBe(true);
    expect(await store.transaction((tx) => tx.recordDelivery(delivery("72d3162e-cc78-11e3-81ab-4c9367dc0958")))).toBe(false);
    expect(await store.read((reader) => reader.hasDelivery("72d3162e-cc78-11e3-81ab-4c9367dc0958"))).toBe(true);
    expect(await store.read((reader) => reader.hasDelivery("another"))).toBe(false);
  });

  it("saves findings, updates them in place, and lists them by repository and state", async () => {
    const store = await freshStore();
    const sqlInjection = findingFrom(codeScanningSnapshot());
    const lodash = findingFrom(dependabotSnapshot(), { firstSeenAt: "2026-11-21T10:00:00Z" });
    const elsewhere = findingFrom(dependabotSnapshot({ alertNumber: 9 }), {
      id: "42:dependabot:9",
      repository: { id: 42, fullName: "octo-org/api", defaultBranch: "main" },
    });
    await store.transaction(async (tx) => {
      await tx.saveFinding(sqlInjection);
      await tx.saveFinding(lodash);
      await tx.saveFinding(elsewhere);
    });
    const fixed = { ...lodash, alert: { ...lodash.alert, state: "fixed" as const }, resolvedAt: "2026-11-22T10:00:00Z" };
    await store.transaction((tx) => tx.saveFinding(fixed));

    const [all, helloWorld, openInHelloWorld, fixedOnes, dependabot] = await store.read(async (reader) => [
      await reader.listFindings(),
      await reader.listFindings({ repository: "Codertocat/Hello-World" }),
      await reader.listFindings({ repository: "Codertocat/Hello-World", state: "open" }),
      await reader.listFindings({ state: "fixed" }),
      await reader.listFindings({ source: "dependabot" }),
    ]);
    expect(all).toHaveLength(3);
    expect(helloWorld.map((finding) => finding.id)).toEqual([sqlInjection.id, lodash.id]);
    expect(openInHelloWorld).toEqual([sqlInjection]);
    expect(fixedOnes).toEqual([fixed]);
    expect(dependabot.map((finding) => finding.id)).toEqual([elsewhere.id, lodash.id]);
    expect(await store.read((reader) => reader.getFinding(lodash.id))).toEqual(fixed);
    expect(await store.read((reader) => reader.getFinding("1:dependabot:404"))).toBeNull();
  });

  it("refuses a finding whose id does not match its repository and alert", async () => {
    const store = await freshStore();
    const finding = findingFrom(dependabotSnapshot(), { id: "186853002:dependabot:999" });

    await expect(store.transaction((tx) => tx.saveFinding(finding))).rejects.toThrow(/does not match its repository and alert/);
  });

  it("round-trips a fix attempt and updates it in place", async () => {
    const store = await freshStore();
    const attempt: FixAttempt = {
      id: "fa-1",
      installationId: 1,
      repository: { id: 186853002, fullName: "Codertocat/Hello-World", defaultBranch: "main" },
      planKey: "npm:.:lodash",
      findingIds: ["186853002:dependabot:3"],
      state: "planned",
      strategy: null,
      baseSha: null,
      pullRequest: null,
      reason: null,
      branchForeign: false,
      createdAt: T0,
      updatedAt: T0,
    };
    await store.transaction((tx) => tx.saveFixAttempt(attempt));
    const patching: FixAttempt = { ...attempt, state: "patching", strategy: "deps/npm", updatedAt: at(1_000) };
    await store.transaction((tx) => tx.saveFixAttempt(patching));

    expect(await store.read((reader) => reader.getFixAttempt("fa-1"))).toEqual(patching);
    expect(await store.read((reader) => reader.getFixAttempt("fa-2"))).toBeNull();
    expect(await store.read((reader) => reader.listFixAttempts({ repositoryId: 186853002 }))).toEqual([patching]);
    expect(await store.read((reader) => reader.listFixAttempts({ repositoryId: 7 }))).toEqual([]);
  });

  it("round-trips a repository's config status", async () => {
    const store = await freshStore();
    const status = {
      repositoryId: 186853002,
      repository: "Codertocat/Hello-World",
      valid: false,
      errorFingerprint: "sha256:abc",
      reportedCheckRunId: 4,
      reportedSha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      updatedAt: T0,
    };
    await store.transaction((tx) => tx.saveRepoConfigStatus(status));
    await store.transaction((tx) => tx.saveRepoConfigStatus({ ...status, valid: true, errorFingerprint: null }));

    expect(await store.read((reader) => reader.getRepoConfigStatus(186853002))).toEqual({ ...status, valid: true, errorFingerprint: null });
    expect(await store.read((reader) => reader.getRepoConfigStatus(1))).toBeNull();
  });

  describe("jobs", () => {
    it("coalesces jobs with the same key while one is queued", async () => {
      const store = await freshStore();

      const first = await store.transaction((tx) => tx.enqueueJob(job("alert:3"), T0));
      const second = await store.transaction((tx) => tx.enqueueJob(job("alert:3", { payload: { again: true } }), at(1)));
      const other = await store.transaction((tx) => tx.enqueueJob(job("alert:4"), at(2)));

      expect(first).toMatchObject({ kind: "sync-alert", key: "alert:3", payload: { key: "alert:3" }, state: "queued", attempts: 0, runAt: T0 });
      expect(second).toBeNull();
      expect(other).toMatchObject({ key: "alert:4", state: "queued" });
      expect(await store.read((reader) => reader.countJobs())).toEqual({ queued: 2, running: 0, done: 0, dead: 0 });
    });

    it("queues a new job when the job with the same key is already running", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("alert:3"), T0));
      const claimed = await store.claimJob({ now: T0, leaseMs: 60_000 });

      const again = await store.transaction((tx) => tx.enqueueJob(job("alert:3"), at(1)));

      expect(claimed?.job.key).toBe("alert:3");
      expect(again).toMatchObject({ key: "alert:3", state: "queued" });
      expect(await store.read((reader) => reader.countJobs())).toEqual({ queued: 1, running: 1, done: 0, dead: 0 });
    });

    it("claims the oldest due job and leaves future ones alone", async () => {
      const store = await freshStore();
      await store.transaction(async (tx) => {
        await tx.enqueueJob(job("later", { runAt: at(60_000) }), T0);
        await tx.enqueueJob(job("second", { runAt: at(-1_000) }), T0);
        await tx.enqueueJob(job("first", { runAt: at(-2_000) }), T0);
      });

      const a = await store.claimJob({ now: T0, leaseMs: 30_000 });
      const b = await store.claimJob({ now: T0, leaseMs: 30_000 });
      const none = await store.claimJob({ now: T0, leaseMs: 30_000 });

      expect(a?.job).toMatchObject({ key: "first", state: "running", attempts: 1 });
      expect(a?.lease).toMatchObject({ jobId: a?.job.id, expiresAt: at(30_000) });
      expect(b?.job.key).toBe("second");
      expect(a?.lease.token).not.toBe(b?.lease.token);
      expect(none).toBeNull();
    });

    it("claims only the kinds asked for", async () => {
      const store = await freshStore();
      await store.transaction(async (tx) => {
        await tx.enqueueJob(job("a", { kind: "backfill" }), T0);
        await tx.enqueueJob(job("b", { kind: "sync-alert" }), T0);
      });

      const claimed = await store.claimJob({ now: T0, leaseMs: 1_000, kinds: ["sync-alert"] });

      expect(claimed?.job.kind).toBe("sync-alert");
      expect(await store.claimJob({ now: T0, leaseMs: 1_000, kinds: ["sync-alert"] })).toBeNull();
    });

    it("compares job times as instants whatever ISO-8601 form they were given in", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("k", { runAt: "2026-11-20T10:00:00.500Z" }), T0));

      // As text, "…10:00:00Z" sorts after "…10:00:00.500Z"; as a time it is earlier.
      expect(await store.claimJob({ now: "2026-11-20T10:00:00Z", leaseMs: 1_000 })).toBeNull();
      expect(await store.claimJob({ now: "2026-11-20T11:00:00+01:00", leaseMs: 1_000 })).toBeNull();
      expect(await store.claimJob({ now: "2026-11-20T10:00:01Z", leaseMs: 1_000 })).not.toBeNull();
    });

    it("takes over a running job whose lease expired, and fences the old holder out", async () => {
      let now = T0;
      const store = await freshStore(undefined, () => new Date(now));
      await store.transaction((tx) => tx.enqueueJob(job("k"), T0));
      const first = await store.claimJob({ now: T0, leaseMs: 10_000 });
      expect(await store.claimJob({ now: at(9_999), leaseMs: 10_000 })).toBeNull();

      now = at(10_000);
      const second = await store.claimJob({ now, leaseMs: 10_000 });
      const stale = store.transaction((tx) => tx.recordDelivery(delivery("from-the-old-holder")), { lease: first!.lease });

      expect(second?.job).toMatchObject({ id: first?.job.id, attempts: 2 });
      await expect(stale).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store.completeJob(first!.lease, now)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store.failJob(first!.lease, "late", null, now)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store.extendLease(first!.lease, now, 10_000)).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.read((reader) => reader.hasDelivery("from-the-old-holder"))).toBe(false);

      await store.transaction((tx) => tx.recordDelivery(delivery("from-the-new-holder")), { lease: second!.lease });
      await store.completeJob(second!.lease, now);
      expect(await store.read((reader) => reader.hasDelivery("from-the-new-holder"))).toBe(true);
      expect(await store.read((reader) => reader.getJob(first!.job.id))).toMatchObject({ state: "done" });
    });

    it("refuses a transaction under a lease that has expired", async () => {
      let now = T0;
      const store = await freshStore(undefined, () => new Date(now));
      await store.transaction((tx) => tx.enqueueJob(job("k"), T0));
      const claimed = await store.claimJob({ now: T0, leaseMs: 10_000 });

      now = at(10_000);

      await expect(store.transaction((tx) => tx.recordDelivery(delivery("too-late")), { lease: claimed!.lease })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      expect(await store.read((reader) => reader.hasDelivery("too-late"))).toBe(false);
    });

    it("extends a lease so the job cannot be taken over", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("k"), T0));
      const claimed = await store.claimJob({ now: T0, leaseMs: 10_000 });

      const extended = await store.extendLease(claimed!.lease, at(9_000), 10_000);

      expect(extended).toEqual({ ...claimed!.lease, expiresAt: at(19_000) });
      expect(await store.claimJob({ now: at(15_000), leaseMs: 10_000 })).toBeNull();
    });

    it("puts a failed job back in the queue at its retry time, or parks it dead", async () => {
      const store = await freshStore();
      await store.transaction(async (tx) => {
        await tx.enqueueJob(job("retry"), T0);
        await tx.enqueueJob(job("give-up"), T0);
      });
      const retry = await store.claimJob({ now: T0, leaseMs: 10_000 });
      const giveUp = await store.claimJob({ now: T0, leaseMs: 10_000 });

      await store.failJob(retry!.lease, "Error: 502 Bad Gateway", at(5_000), at(100));
      await store.failJob(giveUp!.lease, "PermanentJobError: malformed payload", null, at(100));

      expect(await store.read((reader) => reader.getJob(retry!.job.id))).toMatchObject({
        state: "queued",
        attempts: 1,
        runAt: at(5_000),
        lastError: "Error: 502 Bad Gateway",
      });
      expect(await store.read((reader) => reader.listJobs("dead"))).toEqual([
        expect.objectContaining({ key: "give-up", lastError: "PermanentJobError: malformed payload" }),
      ]);
      expect(await store.claimJob({ now: at(4_999), leaseMs: 10_000 })).toBeNull();
      expect((await store.claimJob({ now: at(5_000), leaseMs: 10_000 }))?.job).toMatchObject({ key: "retry", attempts: 2 });
    });

    it("hands a retry to the job with the same key that was queued meanwhile", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("alert:3"), T0));
      const running = await store.claimJob({ now: T0, leaseMs: 10_000 });
      const queued = await store.transaction((tx) => tx.enqueueJob(job("alert:3"), at(1)));

      await store.failJob(running!.lease, "RetryLaterError: rate limited", at(60_000), at(100));

      expect(await store.read((reader) => reader.getJob(queued!.id))).toMatchObject({ state: "queued", runAt: at(60_000) });
      const handedOver = await store.read((reader) => reader.getJob(running!.job.id));
      expect(handedOver?.state).toBe("done");
      expect(handedOver?.lastError).toContain(`RetryLaterError: rate limited\n(the retry was handed to queued job ${queued!.id}`);
    });

    it("puts a dead job back in the queue on redrive, with fresh attempts", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("k", { maxAttempts: 1 }), T0));
      const claimed = await store.claimJob({ now: T0, leaseMs: 10_000 });
      await store.failJob(claimed!.lease, "boom", null, T0);

      expect(await store.requeueJob(claimed!.job.id, at(1_000))).toBe(true);
      expect(await store.requeueJob(claimed!.job.id, at(1_000))).toBe(false);
      expect(await store.read((reader) => reader.getJob(claimed!.job.id))).toMatchObject({ state: "queued", attempts: 0, runAt: at(1_000) });
    });

    it("parks a job dead when its last allowed attempt never reported back", async () => {
      const store = await freshStore();
      await store.transaction((tx) => tx.enqueueJob(job("k", { maxAttempts: 1 }), T0));
      const claimed = await store.claimJob({ now: T0, leaseMs: 10_000 });

      expect(await store.claimJob({ now: at(10_000), leaseMs: 10_000 })).toBeNull();
      const dead = await store.read((reader) => reader.getJob(claimed!.job.id));
      expect(dead).toMatchObject({ state: "dead", attempts: 1 });
      expect(dead?.lastError).toMatch(/lease expired during attempt 1 of 1/);
    });
  });

  describe("audit events", () => {
    it("appends events that continue the chain and lists them in order", async () => {
      const store = await freshStore();
      const first = auditEvent(1, GENESIS_HASH);
      const second = auditEvent(2, first.hash);
      const third = auditEvent(3, second.hash);
      for (const event of [first, second, third]) await store.transaction((tx) => tx.insertAuditEvent(event));

      expect(await store.read((reader) => reader.lastAuditEvent())).toEqual(third);
      expect(await store.read((reader) => reader.listAuditEvents())).toEqual([first, second, third]);
      expect(await store.read((reader) => reader.listAuditEvents({ afterSequence: 1, limit: 1 }))).toEqual([second]);
    });

    it("refuses a first event that does not start from the genesis hash", async () => {
      const store = await freshStore();

      await expect(store.transaction((tx) => tx.insertAuditEvent(auditEvent(1, "f".repeat(64))))).rejects.toBeInstanceOf(AuditOrderError);
      expect(await store.read((reader) => reader.lastAuditEvent())).toBeNull();
    });

    it("refuses a gap in the sequence and a previousHash that is not the last event's hash", async () => {
      const store = await freshStore();
      const first = auditEvent(1, GENESIS_HASH);
      await store.transaction((tx) => tx.insertAuditEvent(first));

      const gap = store.transaction((tx) => tx.insertAuditEvent(auditEvent(3, first.hash)));
      const replay = store.transaction((tx) => tx.insertAuditEvent(auditEvent(1, GENESIS_HASH)));
      const fork = store.transaction((tx) => tx.insertAuditEvent(auditEvent(2, GENESIS_HASH)));

      await expect(gap).rejects.toThrow(/sequence is 3 but the next one is 2/);
      await expect(replay).rejects.toThrow(/sequence is 1 but the next one is 2/);
      await expect(fork).rejects.toThrow(/previousHash 0{64} is not the hash of event 1/);
      expect(await store.read((reader) => reader.listAuditEvents())).toEqual([first]);
    });
  });

  describe("transactions", () => {
    it("leaves nothing behind when the callback throws", async () => {
      const store = await freshStore();

      const failed = store.transaction(async (tx) => {
        await tx.recordDelivery(delivery("d-1"));
        await tx.enqueueJob(job("k"), T0);
        await tx.insertAuditEvent(auditEvent(1, GENESIS_HASH));
        throw new Error("the GitHub call failed half-way");
      });

      await expect(failed).rejects.toThrow("the GitHub call failed half-way");
      expect(await store.read((reader) => reader.hasDelivery("d-1"))).toBe(false);
      expect(await store.read((reader) => reader.countJobs())).toEqual({ queued: 0, running: 0, done: 0, dead: 0 });
      expect(await store.read((reader) => reader.lastAuditEvent())).toBeNull();
    });

    it("runs overlapping transactions one after the other: the second never sees the first's uncommitted writes", async () => {
      const store = await freshStore();
      const steps: string[] = [];
      const firstHasWritten = deferred();
      const releaseFirst = deferred();

      const first = store.transaction(async (tx) => {
        steps.push("first begins");
        await tx.recordDelivery(delivery("from-first"));
        firstHasWritten.resolve();
        await releaseFirst.promise;
        steps.push("first throws");
        throw new Error("first rolls back");
      });
      await firstHasWritten.promise;
      const second = store.transaction(async (tx) => {
        steps.push("second begins");
        const sawFirst = await tx.hasDelivery("from-first");
        await tx.recordDelivery(delivery("from-second"));
        steps.push("second ends");
        return sawFirst;
      });
      const read = store.read(async (reader) => {
        steps.push("read");
        return reader.hasDelivery("from-second");
      });
      releaseFirst.resolve();

      await expect(first).rejects.toThrow("first rolls back");
      expect(await second).toBe(false);
      expect(await read).toBe(true);
      expect(steps).toEqual(["first begins", "first throws", "second begins", "second ends", "read"]);
    });

    it("refuses a store call made from inside a callback instead of waiting for itself forever", async () => {
      const store = await freshStore();

      const nested = store.transaction(async () => store.read((reader) => reader.hasDelivery("d")));

      await expect(nested).rejects.toThrow(/use the reader or tx the callback was given/);
      expect(await store.read((reader) => reader.hasDelivery("d"))).toBe(false);
    });

    it("refuses a tx used after its transaction ended", async () => {
      const store = await freshStore();
      const leaked = await store.transaction(async (tx) => tx);

      await expect(leaked.recordDelivery(delivery("late"))).rejects.toThrow(/used after its read\(\) or transaction\(\) callback returned/);
    });

    it("lets two stores on the same file write at the same time", async () => {
      const filename = path.join(tempFolder(), "shared.db");
      const a = await freshStore(filename);
      const b = await freshStore(filename);

      const writes = Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b).transaction(async (tx) => {
          await tx.recordDelivery(delivery(`d-${index}`));
          // Hold the write lock across an await, as a real callback does.
          await new Promise((resolve) => setImmediate(resolve));
          await tx.enqueueJob(job(`k-${index}`), T0);
        }),
      );
      await Promise.all(writes);

      expect(await a.read((reader) => reader.countJobs())).toMatchObject({ queued: 20 });
      expect(await b.read(async (reader) => (await reader.listJobs()).map((queued) => queued.key).sort())).toEqual(
        Array.from({ length: 20 }, (_, index) => `k-${index}`).sort(),
      );
    });
  });
});

describe("openStore", () => {
  it("creates ./data/secfix.db under the working folder when DATABASE_URL is unset or empty", async () => {
    const cwd = tempFolder();

    const store = await openStore({ databaseUrl: "", cwd });
    opened.push(store);

    expect(store.kind).toBe("sqlite");
    expect(existsSync(path.join(cwd, "data", "secfix.db"))).toBe(true);
    await store.transaction((tx) => tx.recordDelivery(delivery("d-1")));
    expect(await store.read((reader) => reader.hasDelivery("d-1"))).toBe(true);
  });

  it("opens sqlite: paths, creating their folder", async () => {
    const cwd = tempFolder();

    const store = await openStore({ databaseUrl: "sqlite:state/nested/app.db", cwd });
    opened.push(store);

    expect(existsSync(path.join(cwd, "state", "nested", "app.db"))).toBe(true);
  });

  it("opens an in-memory database", async () => {
    const store = await openStore({ databaseUrl: ":memory:" });
    opened.push(store);

    await store.transaction((tx) => tx.recordDelivery(delivery("d-1")));
    expect(await store.read((reader) => reader.hasDelivery("d-1"))).toBe(true);
  });

  it("understands sqlite:, file: and plain paths", () => {
    const cwd = "/srv/secfix";

    expect(sqliteFilename(undefined, cwd)).toBe("/srv/secfix/data/secfix.db");
    expect(sqliteFilename("  ", cwd)).toBe("/srv/secfix/data/secfix.db");
    expect(sqliteFilename("sqlite:db/app.db", cwd)).toBe("/srv/secfix/db/app.db");
    expect(sqliteFilename("sqlite:///var/lib/secfix.db", cwd)).toBe("/var/lib/secfix.db");
    expect(sqliteFilename("sqlite::memory:", cwd)).toBe(":memory:");
    expect(sqliteFilename(pathToFileURL("/var/lib/secfix.db").href, cwd)).toBe("/var/lib/secfix.db");
    expect(sqliteFilename("file:local.db", cwd)).toBe("/srv/secfix/local.db");
    expect(sqliteFilename("/abs/plain.db", cwd)).toBe("/abs/plain.db");
    expect(sqliteFilename("relative/plain.db", cwd)).toBe("/srv/secfix/relative/plain.db");
    expect(() => sqliteFilename("mysql://db/secfix", cwd)).toThrow(/does not support/);
  });

  it("explains that PostgreSQL is not available yet, without echoing the password", async () => {
    for (const databaseUrl of ["postgres://secfix:hunter2@db:5432/secfix", "postgresql://secfix:hunter2@db/secfix"]) {
      const attempt = openStore({ databaseUrl, cwd: tempFolder() });

      await expect(attempt).rejects.toThrow(/the PostgreSQL store is not available in this version of secfix\. Unset DATABASE_URL/);
      await expect(attempt).rejects.not.toThrow(/hunter2/);
    }
  });
});
