import { describe, expect, it } from "vitest";
import { overlayFiles } from "../../src/patch/overlay-files.js";

describe("overlayFiles", () => {
  const base = { read: async (path: string) => ({ "package.json": "v1", "package-lock.json": "L1" })[path] ?? null };

  it("lets a later patch build on an earlier one and reports each file once, from base to last state", async () => {
    const files = overlayFiles(base);
    files.apply([{ path: "package.json", before: "v1", after: "v2" }]);
    expect(await files.read("package.json")).toBe("v2");
    expect(await files.read("package-lock.json")).toBe("L1");
    files.apply([{ path: "package.json", before: "v2", after: "v3" }, { path: "package-lock.json", before: "L1", after: "L2" }]);
    expect(files.changes()).toEqual([
      { path: "package-lock.json", before: "L1", after: "L2" },
      { path: "package.json", before: "v1", after: "v3" },
    ]);
  });

  it("drops a file a later patch put back as it was", () => {
    const files = overlayFiles(base);
    files.apply([{ path: "package.json", before: "v1", after: "v2" }]);
    files.apply([{ path: "package.json", before: "v2", after: "v1" }]);
    expect(files.changes()).toEqual([]);
  });
});
