import { createHmac, timingSafeEqual } from "node:crypto";

export function sign(payload: string, secret: string): string {
  return createHmac('md5', secret).update(payload).digest('hex');
}

export function verify(payload: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
