import { describe, expect, it } from "vitest";
import { pipPinnedRequirements } from "../../src/gates/pip-pinned-requirements.js";
import { PYPROJECT, REQUIREMENTS } from "./dependency-files.js";

describe("pipPinnedRequirements", () => {
  it("separates pins from ranges in a requirements file, names PEP 503-normalised", () => {
    const read = pipPinnedRequirements("pip-requirements", REQUIREMENTS)!;
    expect(read.pins).toEqual([
      { name: "django", version: "4.2.10" },
      { name: "requests", version: "2.31.0" },
      { name: "pyyaml", version: "5.3.1" },
    ]);
    expect([...read.unpinned]).toEqual(["urllib3"]);
  });

  it("normalises pinned versions the way PyPI does, and keeps === text as written", () => {
    const read = pipPinnedRequirements("pip-requirements", "cryptography==41.0-RC1\nlegacy===2004d\n")!;
    expect(read.pins).toEqual([
      { name: "cryptography", version: "41.0rc1" },
      { name: "legacy", version: "2004d" },
    ]);
  });

  it("counts URL requirements and wildcards as unpinned", () => {
    const read = pipPinnedRequirements("pip-requirements", "pip @ https://github.com/pypa/pip/archive/22.0.2.zip\nsix==1.*\n")!;
    expect(read.pins).toEqual([]);
    expect([...read.unpinned].sort()).toEqual(["pip", "six"]);
  });

  it("reads PEP 621 arrays of a pyproject.toml and Poetry's names as unpinned", () => {
    const read = pipPinnedRequirements("pyproject", `${PYPROJECT}\n[tool.poetry.dependencies]\npython = "^3.11"\nRequests = "2.31.0"\n`)!;
    expect(read.pins).toEqual([
      { name: "jinja2", version: "3.1.2" },
      { name: "pytest", version: "8.0.0" },
    ]);
    expect([...read.unpinned].sort()).toEqual(["flask", "requests"]);
  });

  it("returns null for TOML it cannot scan", () => {
    expect(pipPinnedRequirements("pyproject", 'dependencies = ["x==1"\n')).toBeNull();
  });
});
