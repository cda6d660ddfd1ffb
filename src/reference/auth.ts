// Authentication (Basic key:secret, compared in constant time) and the per-key rate limit.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Credential } from './types.ts';
import { decodeUtf8 } from './request.ts';

/** `Basic base64(key:secret)`, parsed strictly: canonical base64, valid UTF-8, a non-empty key. */
export function parseBasicAuth(header: string | undefined): { key: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? '');
  if (!match || match[1].length % 4 !== 0) return undefined;
  const bytes = Buffer.from(match[1], 'base64');
  if (bytes.toString('base64') !== match[1]) return undefined;
  const text = decodeUtf8(bytes);
  const colon = text?.indexOf(':') ?? -1;
  if (text === undefined || colon < 1) return undefined;
  return { key: text.slice(0, colon), secret: text.slice(colon + 1) };
}

/** Compares against every credential in constant time, so timing reveals neither key nor secret. */
export function matchCredential(parsed: { key: string; secret: string }, credentials: readonly Credential[]): { ok: true; apiKey: string } | { ok: false } {
  let apiKey: string | undefined;
  for (const credential of credentials) {
    const keyMatches = constantTimeEqual(credential.key, parsed.key);
    const secretMatches = constantTimeEqual(credential.secret, parsed.secret);
    if (keyMatches && secretMatches && apiKey === undefined) apiKey = credential.key;
  }
  return apiKey === undefined ? { ok: false } : { ok: true, apiKey };
}

function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A fixed window per API key. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  take(apiKey: string): boolean {
    const now = Date.now();
    let window = this.windows.get(apiKey);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(apiKey, window);
    }
    window.count += 1;
    return window.count <= this.max;
  }
}
