import { describe, expect, it } from "vitest";
import { parseRequirementsFile, type RequirementsEntry } from "../../../../src/patch/deps/pip/parse-requirements-file.js";

type Requirement = Extract<RequirementsEntry, { kind: "requirement" }>;
const requirements = (text: string) => parseRequirementsFile(text).filter((e): e is Requirement => e.kind === "requirement");

describe("parseRequirementsFile", () => {
  it("reads requirements, options and includes, skipping comments and blank lines", () => {
    const text = [
      "# top comment",
      "",
      "-r base.txt",
      "--requirement=more.txt",
      "-cconstraints.txt",
      "--constraint ./pins/c.txt",
      "-e git+https://github.com/org/thing.git#egg=thing",
      "--index-url https://pypi.org/simple",
      "--extra-index-url=https://download.example.com/whl",
      "--no-index",
      "--pre",
      "./vendor/pkg",
      "Django>=4.2 # the web framework",
    ].join("\n");
    expect(parseRequirementsFile(text).map((e) => [e.kind, e.lineNumber, "path" in e ? e.path : "target" in e ? e.target : "url" in e ? e.url : e.text])).toEqual([
      ["include", 3, "base.txt"],
      ["include", 4, "more.txt"],
      ["include", 5, "constraints.txt"],
      ["include", 6, "./pins/c.txt"],
      ["editable", 7, "git+https://github.com/org/thing.git#egg=thing"],
      ["index", 8, "https://pypi.org/simple"],
      ["index", 9, "https://download.example.com/whl"],
      ["index", 10, null],
      ["option", 11, "--pre"],
      ["unnamed", 12, "./vendor/pkg"],
      ["requirement", 13, "Django>=4.2"],
    ]);
  });

  it("points the specifier at its place in the file, past extras and before markers", () => {
    const text = 'first==1\nrequests[socks] >= 2.0, <3 ; python_version >= "3.8"  # pinned for a reason\n';
    const [, entry] = requirements(text);
    expect(text.slice(entry!.specifier.start, entry!.specifier.end)).toBe(">= 2.0, <3");
    expect(entry!.requirement.marker).toBe('python_version >= "3.8"');
  });

  it("joins continuation lines and finds every hash option in the file, with the layout between them", () => {
    const text = [
      "certifi==2024.2.2 \\",
      "    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \\",
      "    --hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1",
      "    # via requests",
      "idna==3.6",
    ].join("\r\n");
    const [certifi, idna] = requirements(text);
    expect(certifi!.lineNumber).toBe(1);
    expect(idna!.lineNumber).toBe(5);
    expect(certifi!.hashes.map((h) => text.slice(h.start, h.end))).toEqual([
      "--hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f",
      "--hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1",
    ]);
    expect(certifi!.hashSeparator).toBe(" \\\r\n    ");
    expect(certifi!.hashesContiguous).toBe(true);
    expect(text.slice(certifi!.specifier.start, certifi!.specifier.end)).toBe("==2024.2.2");
  });

  it("takes the layout before a single hash option as its separator", () => {
    const text = "six==1.16.0 --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926\n";
    const [six] = requirements(text);
    expect(six!.hashSeparator).toBe(" ");
  });

  it("notices options mixed between hash options", () => {
    const [entry] = requirements("a==1 --hash=sha256:aa --config-settings=x=y --hash=sha256:bb");
    expect(entry!.hashesContiguous).toBe(false);
  });

  it("does not continue a comment line that ends with a backslash", () => {
    const entries = parseRequirementsFile("# see C:\\\nfoo==1.0\n");
    expect(entries.map((e) => e.kind)).toEqual(["requirement"]);
  });

  it("does not take `#` inside a URL for a comment", () => {
    const [entry] = parseRequirementsFile("git+https://github.com/org/repo.git#egg=repo\n");
    expect(entry).toMatchObject({ kind: "unnamed", text: "git+https://github.com/org/repo.git#egg=repo" });
  });

  it("reads an empty file and a file without a final newline", () => {
    expect(parseRequirementsFile("")).toEqual([]);
    expect(requirements("a==1\nb==2").map((e) => e.text)).toEqual(["a==1", "b==2"]);
  });
});
