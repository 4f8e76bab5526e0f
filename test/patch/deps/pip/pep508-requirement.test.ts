import { describe, expect, it } from "vitest";
import { parsePep508Requirement } from "../../../../src/patch/deps/pip/pep508-requirement.js";

describe("parsePep508Requirement", () => {
  it("finds name, extras, specifier and marker, with the specifier's offsets", () => {
    const text = 'Requests[security, socks] >= 2.8.1, == 2.8.* ; python_version < "2.7"';
    const parsed = parsePep508Requirement(text)!;
    expect(parsed.name.text).toBe("Requests");
    expect(parsed.extras).toEqual(["security", "socks"]);
    expect(parsed.specifier.text).toBe(">= 2.8.1, == 2.8.*");
    expect(text.slice(parsed.specifier.start, parsed.specifier.end)).toBe(">= 2.8.1, == 2.8.*");
    expect(parsed.marker).toBe('python_version < "2.7"');
    expect(parsed.url).toBeNull();
  });

  it("reads a parenthesised specifier and points inside the parentheses", () => {
    const text = "name (>=1.0, <2) ; os_name == 'posix'";
    const parsed = parsePep508Requirement(text)!;
    expect(parsed.specifier.text).toBe(">=1.0, <2");
    expect(text.slice(parsed.specifier.start, parsed.specifier.end)).toBe(">=1.0, <2");
    expect(parsed.marker).toBe("os_name == 'posix'");
  });

  it("gives a bare name an empty specifier right after the name and extras", () => {
    const text = "foo[bar] ; sys_platform == 'linux'";
    const parsed = parsePep508Requirement(text)!;
    expect(parsed.specifier).toEqual({ start: 8, end: 8, text: "" });
    expect(parsePep508Requirement("foo")!.specifier).toEqual({ start: 3, end: 3, text: "" });
  });

  it("reads URL requirements and the marker after whitespace", () => {
    const parsed = parsePep508Requirement("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; python_version >= '3'")!;
    expect(parsed.name.text).toBe("pip");
    expect(parsed.url).toBe("https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee");
    expect(parsed.marker).toBe("python_version >= '3'");
  });

  it.each(["./local/pkg", "https://example.org/pkg-1.0.tar.gz", "git+https://github.com/org/repo.git#egg=repo", "-r other.txt", "foo/bar", "[extra]", "foo[bar", "foo (>=1.0", "foo (>=1.0) trailing"])(
    "is not a PEP 508 requirement: %j",
    (text) => {
      expect(parsePep508Requirement(text)).toBeNull();
    },
  );
});
