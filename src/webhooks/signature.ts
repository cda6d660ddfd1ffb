// Webhook signatures (W2): lower-case hex HMAC-SHA256 of the exact raw body bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/** The signature of `raw`, as the `Idenfy-Signature` header carries it. */
export function signBody(raw: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(raw).digest('hex');
}

/**
 * Whether `header` is the signature of exactly these bytes under `key`. Only the canonical
 * lower-case hex form is accepted (W2), and the comparison takes constant time.
 */
export function verifySignature(raw: Buffer, header: string | undefined, key: string): boolean {
  if (typeof header !== 'string' || !HEX_SIGNATURE.test(header)) return false;
  const expected = Buffer.from(signBody(raw, key), 'hex');
  const given = Buffer.from(header, 'hex');
  // timingSafeEqual throws on a length mismatch; the pattern above already pins 32 bytes.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
