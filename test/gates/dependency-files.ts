/** Lockfile and manifest text as npm and pip tools write them, shared by the gate tests. */

export const LOCK_V3 = JSON.stringify(
  {
    name: "shop",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "shop", version: "1.0.0", dependencies: { express: "^4.18.2", lodash: "^4.17.20", "lodash-legacy": "npm:lodash@4.17.15" } },
      "node_modules/express": {
        version: "4.18.2",
        resolved: "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
        integrity: "sha512-5/PsL6iGPdfQ/lKM1UuielYgv3BUoJfz1aUwU9vHZ+J7gyvwdQXFEBIEIaxeGf0GIcreATNyBExtalisDbuMqQ==",
        dependencies: { qs: "6.11.0" },
      },
      "node_modules/lodash": {
        version: "4.17.21",
        resolved: "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
        integrity: "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==",
      },
      "node_modules/lodash-legacy": {
        name: "lodash",
        version: "4.17.15",
        resolved: "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz",
      },
      "node_modules/qs": { version: "6.11.0", resolved: "https://registry.npmjs.org/qs/-/qs-6.11.0.tgz" },
      "node_modules/express/node_modules/qs": { version: "6.5.2", resolved: "https://registry.npmjs.org/qs/-/qs-6.5.2.tgz" },
      "node_modules/@babel/core": { version: "7.23.9", dev: true },
      "node_modules/shop-utils": { resolved: "packages/utils", link: true },
      "packages/utils": { name: "shop-utils", version: "0.1.0" },
    },
  },
  null,
  2,
);

export const LOCK_V1 = JSON.stringify(
  {
    name: "legacy-shop",
    version: "1.0.0",
    lockfileVersion: 1,
    requires: true,
    dependencies: {
      minimist: { version: "1.2.5", resolved: "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz" },
      mkdirp: {
        version: "0.5.1",
        requires: { minimist: "0.0.8" },
        dependencies: { minimist: { version: "0.0.8", resolved: "https://registry.npmjs.org/minimist/-/minimist-0.0.8.tgz" } },
      },
      "old-lodash": { version: "npm:lodash@4.17.11" },
    },
  },
  null,
  2,
);

export const REQUIREMENTS = [
  "# pinned by pip-compile",
  "Django==4.2.10 \\",
  "    --hash=sha256:a2d4c4d4ea0b6f0895acde632071aff6400bfc331228fc978b05452a0ff3e9f1",
  "requests[socks]==2.31.0 ; python_version >= \"3.8\"",
  "PyYAML==5.3.1  # old",
  "urllib3>=1.26,<3",
  "--index-url https://pypi.org/simple",
  "-e ./libs/shared",
  "",
].join("\n");

export const PYPROJECT = `[project]
name = "shop"
version = "0.1.0"
dependencies = [
  "jinja2==3.1.2",
  "flask>=2.3",
]

[project.optional-dependencies]
dev = ["pytest==8.0.0"]
`;
