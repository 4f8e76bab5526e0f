import { describe, expect, it } from "vitest";
import { dependencyFileKind } from "../../src/gates/dependency-file-kind.js";

describe("dependencyFileKind", () => {
  it("recognises npm lockfiles and manifests anywhere in the tree", () => {
    expect(dependencyFileKind("package-lock.json")).toBe("npm-lockfile");
    expect(dependencyFileKind("apps/web/npm-shrinkwrap.json")).toBe("npm-lockfile");
    expect(dependencyFileKind("apps/web/package.json")).toBe("npm-manifest");
  });

  it("recognises pip requirements files by the names pip projects use", () => {
    for (const path of ["requirements.txt", "requirements-dev.txt", "api/dev-requirements.txt", "constraints.txt", "requirements/base.txt", "requirements.in"]) {
      expect(dependencyFileKind(path), path).toBe("pip-requirements");
    }
    expect(dependencyFileKind("services/api/pyproject.toml")).toBe("pyproject");
  });

  it("knows nothing of other files", () => {
    for (const path of ["README.txt", "yarn.lock", "poetry.lock", "src/requirements.py", "package-lock.json.bak"]) {
      expect(dependencyFileKind(path), path).toBeNull();
    }
  });
});
