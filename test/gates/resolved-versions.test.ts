import { describe, expect, it } from "vitest";
import { resolvedVersions } from "../../src/gates/resolved-versions.js";
import { LOCK_V1, LOCK_V3, PYPROJECT, REQUIREMENTS } from "./dependency-files.js";

describe("resolvedVersions", () => {
  it("reads every installed copy of a package from a v3 package-lock, aliases by the package they install", () => {
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V3, "qs")).toEqual(["6.11.0", "6.5.2"]);
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V3, "lodash")).toEqual(["4.17.21", "4.17.15"]);
    expect(resolvedVersions("npm", "web/npm-shrinkwrap.json", LOCK_V3, "@babel/core")).toEqual(["7.23.9"]);
  });

  it("skips workspace links and folders: they are the project's own code", () => {
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V3, "shop-utils")).toEqual([]);
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V3, "shop")).toEqual([]);
  });

  it("reads nested v1 dependencies and npm: aliases", () => {
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V1, "minimist")).toEqual(["1.2.5", "0.0.8"]);
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V1, "lodash")).toEqual(["4.17.11"]);
  });

  it("says [] for a lockfile without the package and null for what cannot tell", () => {
    expect(resolvedVersions("npm", "package-lock.json", LOCK_V3, "left-pad")).toEqual([]);
    expect(resolvedVersions("npm", "package.json", '{"dependencies":{"lodash":"^4.17.21"}}', "lodash")).toBeNull();
    expect(resolvedVersions("npm", "package-lock.json", "{ not json", "lodash")).toBeNull();
    expect(resolvedVersions("npm", "yarn.lock", 'lodash@^4.17.21:\n  version "4.17.21"\n', "lodash")).toBeNull();
    expect(resolvedVersions("maven", "pom.xml", "<project/>", "log4j-core")).toBeNull();
    expect(resolvedVersions("pip", "package-lock.json", LOCK_V3, "lodash")).toBeNull();
  });

  it("reads pip pins with PEP 503 names, ignoring comments, hashes, options and markers", () => {
    expect(resolvedVersions("pip", "requirements.txt", REQUIREMENTS, "django")).toEqual(["4.2.10"]);
    expect(resolvedVersions("pip", "requirements.txt", REQUIREMENTS, "Requests")).toEqual(["2.31.0"]);
    expect(resolvedVersions("pip", "requirements/prod.txt", REQUIREMENTS, "pyyaml")).toEqual(["5.3.1"]);
    expect(resolvedVersions("pip", "requirements-dev.txt", "Foo.Bar_baz==1.0\n", "foo-bar-baz")).toEqual(["1.0"]);
  });

  it("keeps every pin when markers pin a package differently per environment", () => {
    const text = 'numpy==1.24.4 ; python_version < "3.9"\nnumpy==1.26.4 ; python_version >= "3.9"\n';
    expect(resolvedVersions("pip", "requirements.txt", text, "numpy")).toEqual(["1.24.4", "1.26.4"]);
  });

  it("cannot tell for a pip requirement without a pin, and says [] for one the file does not name", () => {
    expect(resolvedVersions("pip", "requirements.txt", REQUIREMENTS, "urllib3")).toBeNull();
    expect(resolvedVersions("pip", "requirements.txt", "flask==3.0.0\nflask>=2\n", "flask")).toBeNull();
    expect(resolvedVersions("pip", "requirements.txt", "Django==4.2.10\n", "pillow")).toEqual([]);
    expect(resolvedVersions("pip", "requirements.txt", "django==4.2.*\n", "django")).toBeNull();
  });

  it("reads pyproject.toml pins, and cannot tell for ranges, absent names or invalid TOML", () => {
    expect(resolvedVersions("pip", "pyproject.toml", PYPROJECT, "Jinja2")).toEqual(["3.1.2"]);
    expect(resolvedVersions("pip", "pyproject.toml", PYPROJECT, "pytest")).toEqual(["8.0.0"]);
    expect(resolvedVersions("pip", "pyproject.toml", PYPROJECT, "flask")).toBeNull();
    expect(resolvedVersions("pip", "pyproject.toml", PYPROJECT, "requests")).toBeNull();
    expect(resolvedVersions("pip", "pyproject.toml", '[project\ndependencies = ["x==1"]', "x")).toBeNull();
    expect(resolvedVersions("pip", "pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "2.31.0"\n', "requests")).toBeNull();
  });
});
