import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, redactText } from "../../src/audit/redact-secrets.js";

describe("redactSecrets", () => {
  it("redacts classic and new-format GitHub installation tokens", () => {
    const classic = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    const stateless = "ghs_123456_eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEyM30.c2lnbmF0dXJlLXBhcnQtaGVyZQ";
    expect(redactText(`token ${classic} used`)).not.toContain(classic);
    expect(redactText(`x ${stateless} y`)).toBe(`x ${REDACTED} y`);
  });

  it("redacts OpenAI keys, AWS keys, PEM blocks, bearer headers and URL passwords", () => {
    const text = [
      "key sk-proj-abcdefghijklmnopqrstuvwx",
      "aws AKIAIOSFODNN7EXAMPLE",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
      "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345",
      "https://bob:hunter2@registry.example.com/pkg",
    ].join("\n");
    const out = redactText(text);
    for (const secret of ["sk-proj-abcdef", "AKIAIOSFODNN7EXAMPLE", "MIIEow", "abcdefghijklmnopqrstuvwxyz012345", "hunter2"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("Bearer [REDACTED]");
    expect(out).toContain("https://[REDACTED]@registry.example.com/pkg");
  });

  it("redacts values under secret-named keys however they look, and leaves other data alone", () => {
    const out = redactSecrets({ webhookSecret: "short", nested: [{ password: "p" }], count: 3, note: "plain text" });
    expect(out).toEqual({ webhookSecret: REDACTED, nested: [{ password: REDACTED }], count: 3, note: "plain text" });
  });
});
