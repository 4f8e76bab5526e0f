import { describe, expect, it } from "vitest";
import { findImporters, importCandidates, SCAN_LIMIT_CHARS, sourceFamily } from "../../src/risk/find-importers.js";

const sources = (files: Record<string, string>) => new Map(Object.entries(files));

describe("importCandidates", () => {
  const tree = [
    "package.json",
    "README.md",
    "src/api/users.ts",
    "src/app.js",
    "src/db.mjs",
    "src/legacy.cjs",
    "src/view.tsx",
    "src/util.mts",
    "src/old.cts",
    "src/widget.jsx",
    "scripts/tool.py",
    "node_modules/express/index.js",
    "packages/a/node_modules/lodash/lodash.js",
    "dist/app.js",
    "build/app.js",
    "vendor/lib.js",
    "lib/vendor/thing.js",
    ".git/hooks/pre-commit.js",
  ];

  it("lists every JS/TS-family file outside installed, vendored and generated directories, sorted", () => {
    expect(importCandidates(tree, ["src/api/users.ts"])).toEqual([
      "src/app.js",
      "src/db.mjs",
      "src/legacy.cjs",
      "src/old.cts",
      "src/util.mts",
      "src/view.tsx",
      "src/widget.jsx",
    ]);
  });

  it("keeps to the changed files' language family", () => {
    expect(importCandidates(tree, ["scripts/other.py"])).toEqual(["scripts/tool.py"]);
    expect(importCandidates(tree, ["scripts/tool.py"])).toEqual([]);
  });

  it("covers both families when both changed", () => {
    const candidates = importCandidates(tree, ["src/app.js", "scripts/other.py"]);
    expect(candidates).toContain("scripts/tool.py");
    expect(candidates).toContain("src/api/users.ts");
    expect(candidates).not.toContain("src/app.js");
  });

  it("returns nothing when no changed file is a source file", () => {
    expect(importCandidates(tree, ["package.json", "package-lock.json"])).toEqual([]);
    expect(importCandidates(tree, [])).toEqual([]);
  });

  it("does not take a directory name with a dot for an extension, and ignores duplicates", () => {
    expect(importCandidates(["a.js/README", "src/x.ts", "src/x.ts"], ["src/y.ts"])).toEqual(["src/x.ts"]);
  });

  it("treats a directory that only contains 'build' in its name as ordinary", () => {
    expect(importCandidates(["rebuild/a.js", "build.js"], ["x.js"])).toEqual(["build.js", "rebuild/a.js"]);
  });
});

describe("sourceFamily", () => {
  it("classifies by extension, case-insensitively", () => {
    expect(sourceFamily("a/B.TS")).toBe("js");
    expect(sourceFamily("a/b.py")).toBe("python");
    expect(sourceFamily("a/b.rb")).toBeNull();
    expect(sourceFamily("Makefile")).toBeNull();
  });
});

describe("findImporters for JavaScript and TypeScript", () => {
  it("finds static imports with and without extensions, from sibling and parent directories", () => {
    const result = findImporters(
      ["src/lib/db.js"],
      sources({
        "src/lib/users.js": `import { query } from "./db";\n`,
        "src/api/routes.js": `import db from '../lib/db.js';\n`,
        "src/other.js": `import db from "./db";\n`, // src/db, a different file
        "src/server.js": `import express from "express";\n`,
      }),
    );
    expect(result).toEqual({ "src/lib/db.js": ["src/api/routes.js", "src/lib/users.js"] });
  });

  it("resolves a directory import to its index file", () => {
    const result = findImporters(
      ["src/models/index.ts", "src/app.ts"],
      sources({
        "src/main.ts": `import { User } from "./models";\n`,
        "src/models/user.ts": `export * from ".";\n`,
        "src/models/post.ts": `import app from "../app";\n`,
      }),
    );
    expect(result).toEqual({ "src/app.ts": ["src/models/post.ts"], "src/models/index.ts": ["src/main.ts", "src/models/user.ts"] });
  });

  it("maps a TypeScript ESM import of ./x.js to x.ts, and .mjs to .mts", () => {
    const result = findImporters(
      ["src/domain/risk.ts", "src/util/time.mts", "src/view/card.tsx"],
      sources({
        "src/risk/assess.ts": `import type { RiskLevel } from "../domain/risk.js";\n`,
        "src/util/clock.mts": `import { now } from "./time.mjs";\n`,
        "src/view/page.tsx": `import Card from "./card.js";\n`,
      }),
    );
    expect(result).toEqual({
      "src/domain/risk.ts": ["src/risk/assess.ts"],
      "src/util/time.mts": ["src/util/clock.mts"],
      "src/view/card.tsx": ["src/view/page.tsx"],
    });
  });

  it("finds require, dynamic import, re-exports, side-effect and multi-line imports", () => {
    const result = findImporters(
      ["src/db.js"],
      sources({
        "a.cjs": `const db = require("./src/db");\n`,
        "src/b.js": "const db = await import(`./db.js`);\n",
        "src/c.ts": `export { query } from "./db.js";\n`,
        "src/d.js": `import "./db";\n`,
        "src/e.ts": `import {\n  query,\n  close,\n} from\n  "./db";\n`,
        "src/f.js": `const db = require( './db' )\n`,
      }),
    );
    expect(result["src/db.js"]).toEqual(["a.cjs", "src/b.js", "src/c.ts", "src/d.js", "src/e.ts", "src/f.js"]);
  });

  it("ignores bare package imports even when a changed file has the same name", () => {
    const result = findImporters(["express.js", "src/lodash/index.js"], sources({ "src/app.js": `import express from "express";\nconst _ = require("lodash");\n` }));
    expect(result).toEqual({ "express.js": [], "src/lodash/index.js": [] });
  });

  it("ignores query suffixes and imports that climb out of the repository", () => {
    const result = findImporters(["src/styles.js"], sources({ "src/a.js": `import s from "./styles.js?raw";\n`, "b.js": `import x from "../../src/styles.js";\n` }));
    expect(result).toEqual({ "src/styles.js": ["src/a.js"] });
  });

  it("does not count a changed file as an importer of another changed file or itself", () => {
    const result = findImporters(["src/a.js", "src/b.js"], sources({ "src/a.js": `import b from "./b.js";\n`, "src/b.js": `import b from "./b.js";\n` }));
    expect(result).toEqual({ "src/a.js": [], "src/b.js": [] });
  });

  it("counts an importer once however often it imports", () => {
    const result = findImporters(["src/db.js"], sources({ "src/a.js": `import a from "./db";\nimport b from "./db.js";\nrequire("./db");\n` }));
    expect(result).toEqual({ "src/db.js": ["src/a.js"] });
  });

  it("leaves non-source changed files out and returns {} when none is a source file", () => {
    expect(findImporters(["package.json"], sources({ "src/a.js": `import p from "../package.json";\n` }))).toEqual({});
    expect(findImporters(["package.json", "src/a.js"], sources({}))).toEqual({ "src/a.js": [] });
  });

  it("does not look at files of another language family", () => {
    expect(findImporters(["src/db.js"], sources({ "src/notes.md": `import db from "./db";\n` }))).toEqual({ "src/db.js": [] });
  });
});

describe("findImporters for Python", () => {
  it("resolves absolute dotted imports from the root to a module or a package __init__", () => {
    const result = findImporters(
      ["app/models/user.py", "app/services/__init__.py"],
      sources({
        "app/views.py": "from app.models.user import User\n",
        "app/cli.py": "import app.models.user as user_model, os\n",
        "app/jobs.py": "import app.services\n",
        "app/tasks.py": "from app.services import mailer\n",
        "app/other.py": "import os, sys\nfrom collections import defaultdict\n",
      }),
    );
    expect(result).toEqual({
      "app/models/user.py": ["app/cli.py", "app/views.py"],
      "app/services/__init__.py": ["app/jobs.py", "app/tasks.py"],
    });
  });

  it("treats a name in a from-import as a possible submodule", () => {
    const result = findImporters(
      ["app/models/user.py"],
      sources({
        "app/a.py": "from app.models import user\n",
        "app/b.py": "from app.models import (\n    post,\n    user as u,  # the user model\n)\n",
        "app/c.py": "from app.models import post\n",
      }),
    );
    expect(result).toEqual({ "app/models/user.py": ["app/a.py", "app/b.py"] });
  });

  it("resolves relative imports against the importer's package, one level up per extra dot", () => {
    const result = findImporters(
      ["pkg/mod.py", "pkg/__init__.py", "pkg/sub/helpers.py", "top.py"],
      sources({
        "pkg/a.py": "from .mod import thing\n",
        "pkg/sub/b.py": "from ..mod import thing\nfrom .helpers import h\n",
        "pkg/sub/c.py": "from .. import mod\n",
        "pkg/d.py": "from . import other\n",
        "pkg/sub/deep.py": "from .... import nothing\n", // climbs out: ignored
      }),
    );
    expect(result).toEqual({
      "pkg/__init__.py": ["pkg/d.py", "pkg/sub/c.py"],
      "pkg/mod.py": ["pkg/a.py", "pkg/sub/b.py", "pkg/sub/c.py"],
      "pkg/sub/helpers.py": ["pkg/sub/b.py"],
      "top.py": [],
    });
  });

  it("resolves absolute imports in the src layout", () => {
    const result = findImporters(["src/pkg/core.py"], sources({ "tests/test_core.py": "from pkg.core import run\n" }));
    expect(result).toEqual({ "src/pkg/core.py": ["tests/test_core.py"] });
  });

  it("finds indented imports and ignores a module whose name only starts the same", () => {
    const result = findImporters(
      ["app/util.py"],
      sources({ "app/a.py": "def f():\n    import app.util\n", "app/b.py": "import app.utilities\nfrom app.util_extra import x\n" }),
    );
    expect(result).toEqual({ "app/util.py": ["app/a.py"] });
  });

  it("matches a plain `import name` only to a top-level module of that name, never a nested one", () => {
    const result = findImporters(["requests.py"], sources({ "a.py": "from . import b\n", "pkg/x.py": "import requests\n" }));
    // `import requests` from the root does resolve to requests.py: a top-level module of the same
    // name shadows the package, which is exactly what Python would import.
    expect(result).toEqual({ "requests.py": ["pkg/x.py"] });
    expect(findImporters(["app/requests.py"], sources({ "pkg/x.py": "import requests\n" }))).toEqual({ "app/requests.py": [] });
  });
});

describe("findImporters on large files", () => {
  it("scans only the first megabyte of a file", () => {
    const filler = "// padding\n".repeat(Math.ceil(SCAN_LIMIT_CHARS / 11));
    const result = findImporters(
      ["src/db.js"],
      sources({ "src/early.js": `import db from "./db";\n${filler}`, "src/late.js": `${filler}import db from "./db";\n` }),
    );
    expect(result).toEqual({ "src/db.js": ["src/early.js"] });
  });

  it("stays fast on pathological input", () => {
    const unclosed = "from a import (\n".repeat(60_000) + `import x from "${"a".repeat(100_000)}\n`;
    const js = `from "${"./".repeat(200_000)}\nrequire(\`${"x".repeat(200_000)}\n`;
    const started = performance.now();
    findImporters(["a.py", "a.js"], sources({ "b.py": unclosed, "b.js": js }));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
