import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BaselineRecord, BaselineSample } from "../../src/domain/baseline-sample.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { useTempFolders } from "./temp-folders.js";

const tempFolder = useTempFolders();
const opened: SqliteStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function freshStore(filename = path.join(tempFolder(), "secfix.db")): Promise<SqliteStore> {
  const store = new SqliteStore({ filename });
  opened.push(store);
  await store.migrate();
  return store;
}

const HELLO: Omit<BaselineRecord, "sources"> = { repositoryId: 1, repository: "Codertocat/Hello-World", installationId: 10, cutoff: "2026-11-20T10:00:00.000Z" };
const SPOON: Omit<BaselineRecord, "sources"> = { repositoryId: 2, repository: "octo-org/spoon-knife", installationId: 20, cutoff: "2026-11-21T10:00:00.000Z" };

function sample(repo: Omit<BaselineRecord, "sources">, alertNumber: number, overrides: Partial<BaselineSample> = {}): BaselineSample {
  return {
    repositoryId: repo.repositoryId,
    repository: repo.repository,
    installationId: repo.installationId,
    source: "dependabot",
    alertNumber,
    severity: "high",
    createdAt: "2026-01-01T00:00:00Z",
    fixedAt: "2026-01-03T00:00:00Z",
    ...overrides,
  };
}

describe("baseline samples", () => {
  it("stores a repository's samples and lists them by installation or repository", async () => {
    const store = await freshStore();
    await store.transaction(async (tx) => {
      await tx.saveBaselineSamples({ ...HELLO, sources: { dependabot: 2, code_scanning: 0 } }, [sample(HELLO, 1), sample(HELLO, 2, { severity: "critical" })]);
      await tx.saveBaselineSamples({ ...SPOON, sources: { code_scanning: 1 } }, [sample(SPOON, 7, { source: "code_scanning" })]);
    });

    const all = await store.read((reader) => reader.listBaselineSamples());
    expect(all.map((s) => `${s.repository}#${s.alertNumber}`)).toEqual(["Codertocat/Hello-World#1", "Codertocat/Hello-World#2", "octo-org/spoon-knife#7"]);
    expect(all[1]).toEqual(sample(HELLO, 2, { severity: "critical" }));
    expect((await store.read((reader) => reader.listBaselineSamples({ installationId: 20 }))).map((s) => s.alertNumber)).toEqual([7]);
    expect((await store.read((reader) => reader.listBaselineSamples({ repository: "Codertocat/Hello-World" }))).map((s) => s.alertNumber)).toEqual([1, 2]);
    expect(await store.read((reader) => reader.listBaselineSamples({ repository: "Codertocat/Hello-World", installationId: 20 }))).toEqual([]);
    expect(await store.read((reader) => reader.getBaselineRecord(1))).toEqual({ ...HELLO, sources: { dependabot: 2, code_scanning: 0 } });
    expect(await store.read((reader) => reader.getBaselineRecord(3))).toBeNull();
  });

  it("updates a sample saved again instead of duplicating it, and keeps the first cutoff", async () => {
    const store = await freshStore();
    await store.transaction((tx) => tx.saveBaselineSamples({ ...HELLO, sources: { dependabot: 1 } }, [sample(HELLO, 1)]));
    await store.transaction((tx) =>
      tx.saveBaselineSamples({ ...HELLO, cutoff: "2026-12-01T00:00:00.000Z", sources: { dependabot: 1, code_scanning: 1 } }, [
        sample(HELLO, 1, { severity: "low" }),
        sample(HELLO, 1, { source: "code_scanning" }),
      ]),
    );

    const samples = await store.read((reader) => reader.listBaselineSamples());
    expect(samples.map((s) => [s.source, s.alertNumber, s.severity])).toEqual([
      ["code_scanning", 1, "high"],
      ["dependabot", 1, "low"],
    ]);
    expect(await store.read((reader) => reader.getBaselineRecord(1))).toEqual({ ...HELLO, sources: { dependabot: 1, code_scanning: 1 } });
  });

  it("keeps the samples across a reopen of the file", async () => {
    const filename = path.join(tempFolder(), "secfix.db");
    const first = await freshStore(filename);
    await first.transaction((tx) => tx.saveBaselineSamples({ ...HELLO, sources: { dependabot: 1 } }, [sample(HELLO, 1)]));
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await freshStore(filename);
    expect(await second.read((reader) => reader.listBaselineSamples())).toEqual([sample(HELLO, 1)]);
  });
});
