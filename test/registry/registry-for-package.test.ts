import { describe, expect, it } from "vitest";
import { registryForPackage } from "../../src/registry/registry-for-package.js";

describe("registryForPackage", () => {
  it("uses the public registry when the project has no .npmrc", () => {
    expect(registryForPackage("lodash", null)).toEqual({ registryUrl: "https://registry.npmjs.org/", token: null, problems: [] });
  });

  it("prefers a scope's registry over the default one", () => {
    const npmrc = ["# company mirror", "registry=https://mirror.example.com/npm", "@acme:registry = https://npm.pkg.github.com"].join("\n");

    expect(registryForPackage("@acme/util", npmrc).registryUrl).toBe("https://npm.pkg.github.com/");
    expect(registryForPackage("@other/util", npmrc).registryUrl).toBe("https://mirror.example.com/npm/");
    expect(registryForPackage("lodash", npmrc).registryUrl).toBe("https://mirror.example.com/npm/");
  });

  it("matches the token to the registry's host and the longest path prefix", () => {
    const npmrc = [
      "registry=https://nexus.example.com/repository/npm-group/",
      "//nexus.example.com/:_authToken=${HOST_TOKEN}",
      "//nexus.example.com/repository/npm-group/:_authToken=${GROUP_TOKEN}",
      "//registry.npmjs.org/:_authToken=public-token",
    ].join("\r\n");

    expect(registryForPackage("lodash", npmrc, { HOST_TOKEN: "h", GROUP_TOKEN: "g" })).toEqual({
      registryUrl: "https://nexus.example.com/repository/npm-group/",
      token: "g",
      problems: [],
    });
  });

  it("names an unset environment variable instead of sending a broken token", () => {
    const npmrc = "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n";

    expect(registryForPackage("lodash", npmrc, {})).toEqual({
      registryUrl: "https://registry.npmjs.org/",
      token: null,
      problems: ["environment variable NPM_TOKEN used in .npmrc is not set"],
    });
    expect(registryForPackage("lodash", "//registry.npmjs.org/:_authToken=${NPM_TOKEN?}\n", {}).problems).toEqual([]);
  });

  it("falls back to the public registry when the configured URL is not a URL", () => {
    const target = registryForPackage("lodash", "registry=not a url\n");

    expect(target.registryUrl).toBe("https://registry.npmjs.org/");
    expect(target.problems).toEqual(['registry URL "not a url" in .npmrc is not a valid URL; using https://registry.npmjs.org/']);
  });
});
