// Reports stay bounded whatever a target sends: every text a report quotes is cut at a documented
// length, with its total length and a hash of the whole, so a megabyte-long identifier or message
// costs a report a kilobyte (and the same value quoted by a hundred checks, a hundred kilobytes).
//   - quoted values (expected, actual, inconclusive reasons, problem titles, hints, header values,
//     object keys): MAX_QUOTED_CHARS;
//   - any other text (stored bodies are already cut at 4,000 characters, see finding.ts): MAX_TEXT_CHARS.
// The report is cut after redaction (run.ts redacts it whole), so the hash is of redacted text.
import { createHash } from 'node:crypto';
import type { Report } from '../findings/model.ts';

/** Quoted target values longer than this are cut (documented in docs/interface.md: "Bounded reports"). */
export const MAX_QUOTED_CHARS = 1000;
/** Other texts (bodies, commands) longer than this are cut. */
export const MAX_TEXT_CHARS = 16_000;

/** Fields whose text may run to MAX_TEXT_CHARS; every other string is a quoted value. */
const LONG_FIELDS = new Set(['body', 'rawBody', 'reproduce', 'verify', 'replay', 'ruleText', 'verdictReason']);

/** `text` itself, or its first `max` characters (never half a surrogate pair), "…" and a note of its length and sha256 prefix. */
export function cutText(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // A fresh copy (not a slice that keeps the whole text alive, see finding.ts detached()).
  return `${Buffer.from(text.slice(0, end), 'utf8').toString('utf8')}… [cut: ${text.length} characters, sha256 ${hash}]`;
}

function boundValue(value: unknown, field: string | undefined, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return cutText(value, field !== undefined && LONG_FIELDS.has(field) ? MAX_TEXT_CHARS : MAX_QUOTED_CHARS);
  if (!value || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = boundValue(value[i], field, seen);
    return value;
  }
  // A parsed body keeps its long-field allowance for its strings; its keys are quoted values.
  const inBody = field === 'body';
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(out, cutText(key), { value: boundValue(v, inBody ? 'body' : key, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Cuts every over-long text of `report` in place (the same object, so later readers see the same values). */
export function boundReport(report: Report): Report {
  const bounded = boundValue(report, undefined, new WeakSet()) as Record<string, unknown>;
  for (const key of Object.keys(report)) delete (report as unknown as Record<string, unknown>)[key];
  // defineProperty, not assignment: a key named __proto__ (from an untrusted shard) stays a plain key.
  for (const [key, value] of Object.entries(bounded)) Object.defineProperty(report, key, { value, enumerable: true, writable: true, configurable: true });
  return report;
}
