/**
 * Secrets never enter the audit log, logs, PR text or a model prompt. Token formats change
 * (GitHub's installation tokens are moving to a longer, JWT-like form), so the patterns match
 * prefixes and shapes, never fixed lengths. Every pattern is linear-time.
 */
const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bgh[pousr]_[A-Za-z0-9_.-]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(Bearer|token)\s+[A-Za-z0-9._~+/-]{16,}=*/gi,
];

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;

/** Keys whose values are secret whatever they look like. */
const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authorization|private[-_]?key|credential|cookie)$/i;

export const REDACTED = "[REDACTED]";

export function redactText(text: string): string {
  let out = text.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, scheme: unknown) =>
      typeof scheme === "string" && /^(bearer|token)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** A deep copy with secret-looking strings and secret-named keys redacted. */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, null) as T;
}

function redactValue(value: unknown, key: string | null): unknown {
  if (typeof value === "string") {
    return key !== null && SECRET_KEY.test(key) && value.length > 0 ? REDACTED : redactText(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, null));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}
