// Normalised observations: what the target did, in a form two runs can compare (issue 23). What is
// random by nature (tokens, scanRefs, times, digit strings, generated values) is replaced by what it
// is: `=sent` for an echo, `«token»` for an identifier, a type for a value nobody chose. What the
// rulings let vary stays literal: status, identifier, content type, defaults applied, null/absent
// keys, messages (sent values masked), webhook count, order and timing band.
//
// An observation is keyed by its check (the case name) and a request fingerprint without random
// parts: method, path, credentials used, the body's shape (keys and JSON types; booleans, nulls and
// enum members literally) and the oracle's verdict on it. Two runs with different seeds draw
// different bodies: only keys present on both sides are compared.
import { createHash } from 'node:crypto';
import type { Contract, Operation } from '../contract/load.ts';
import type { Oracle } from '../contract/oracle.ts';

/** One normalised answer: a flat map `aspect → value` (e.g. `status → 201`, `body.locale → "en"`). */
export type NormalAnswer = Record<string, string>;

export interface ObservedExchange {
  /** Stable within a check: a hash of `request`. */
  key: string;
  /** The request fingerprint, readable (no random values). */
  request: string;
  /** Distinct normalised answers under this fingerprint (a deterministic target gives one). */
  answers: NormalAnswer[];
  /** How many exchanges shared the fingerprint. */
  count: number;
  /** How to send one such request again (secrets as environment variables). */
  reproduce?: string;
}

export interface CheckObservations {
  /** The check (case) name, as in `checks[].check`. */
  check: string;
  suite: string;
  exchanges: ObservedExchange[];
}

/** Bounds: observations stay small whatever the target answers. */
export const OBSERVATION_LIMITS = { keysPerCheck: 16, answersPerKey: 3, aspectsPerAnswer: 80, valueChars: 120, depth: 4, reproduceChars: 2000 } as const;

const ISO_TIME = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
const TOKEN = /[A-Za-z0-9_-]{16,}/g;
const DIGITS = /\d{3,}/g;
/** Hexadecimal runs with a digit (hashes, short ids such as generated externalRefs). */
const HEX = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi;

/** Random parts of a text replaced by what they are. */
export function maskRandom(text: string): string {
  return text.replace(ISO_TIME, '«time»').replace(UUID, '«id»').replace(HEX, '«hex»').replace(TOKEN, (m) => (/\d/.test(m) || m.length > 24 ? '«token»' : m)).replace(DIGITS, '«digits»');
}

function cut(text: string): string {
  return text.length > OBSERVATION_LIMITS.valueChars ? `${text.slice(0, OBSERVATION_LIMITS.valueChars)}…` : text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Enum members and defaults of the operation's fields: values worth keeping literally. */
function literalValues(contract: Contract): Set<unknown> {
  const known = new Set<unknown>(Object.keys(contract.errors));
  for (const op of Object.values(contract.operations)) {
    for (const f of op.fields) {
      for (const v of (f.schema.enum ?? f.schema.items?.enum ?? []) as unknown[]) known.add(v);
      if (f.default) for (const v of [f.default.value, ...f.default.alternatives]) if (typeof v !== 'object') known.add(v);
    }
  }
  return known;
}
const literalsOf = new WeakMap<Contract, Set<unknown>>();
const literals = (contract: Contract) => literalsOf.get(contract) ?? literalsOf.set(contract, literalValues(contract)).get(contract)!;

/** How a response value relates to what was sent under the same key (T3: echoes and their transformations). */
function echoOf(value: unknown, sent: unknown, upperCased = false): string | undefined {
  if (sent === undefined || sent === null) return undefined;
  // A field the contract upper-cases is labelled so even when the value sent was upper-case already:
  // the label must not depend on the value drawn.
  if (upperCased && typeof value === 'string' && typeof sent === 'string' && value === sent.toUpperCase()) return '=sent (upper-cased)';
  if (JSON.stringify(value) === JSON.stringify(sent)) return '=sent';
  if (typeof value === 'string' && typeof sent === 'string') {
    if (value === sent.toUpperCase()) return '=sent (upper-cased)';
    if (value === sent.toLowerCase()) return '=sent (lower-cased)';
    if (value === sent.trim()) return '=sent (trimmed)';
  }
  if (Array.isArray(value) && Array.isArray(sent) && value.length === sent.length && JSON.stringify([...value].sort()) === JSON.stringify([...sent].sort())) return '=sent (reordered)';
  return undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Sent string values inside a text, masked: an error message quoting the request stays comparable.
 * A short one only where it stands as a word of its own (a drawn "http" must not eat "https://").
 */
function maskSent(text: string, sentStrings: string[]): string {
  let out = text;
  for (const s of sentStrings) {
    if (s.length >= 12) out = out.split(s).join('«sent»');
    else if (s.length >= 3 && out.includes(s)) {
      try {
        out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`, 'gu'), '«sent»');
      } catch {
        out = out.split(s).join('«sent»'); // a value no pattern can hold (a lone surrogate): masked wherever it is
      }
    }
  }
  return out;
}

function scalar(value: unknown, contract: Contract, sentStrings: string[]): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return value > 1e9 ? 'number «time»' : JSON.stringify(value);
  if (typeof value === 'string') {
    if (literals(contract).has(value)) return JSON.stringify(value);
    if (value.length >= 3 && sentStrings.includes(value)) return '=sent earlier';
    const masked = maskRandom(maskSent(value, sentStrings));
    return JSON.stringify(cut(masked));
  }
  return jsonType(value);
}

/** Flattens a JSON value into `path → normalised value`, bounded in depth and size. */
function flatten(value: unknown, path: string, sent: unknown, contract: Contract, sentStrings: string[], out: NormalAnswer, depth: number, upperCased?: Set<string>): void {
  if (Object.keys(out).length >= OBSERVATION_LIMITS.aspectsPerAnswer) return;
  const echo = echoOf(value, sent, upperCased?.has(path));
  if (echo && !(typeof value === 'boolean')) {
    out[path] = echo;
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      out[path] = cut(`[${value.map((v) => scalar(v, contract, sentStrings)).join(', ')}]`);
      return;
    }
    out[path] = `array(${value.length})`;
    if (depth < OBSERVATION_LIMITS.depth && value.length) flatten(value[0], `${path}[0]`, undefined, contract, sentStrings, out, depth + 1);
    return;
  }
  if (value && typeof value === 'object') {
    if (depth >= OBSERVATION_LIMITS.depth) {
      out[path] = 'object';
      return;
    }
    const sentObject = sent && typeof sent === 'object' && !Array.isArray(sent) ? (sent as Record<string, unknown>) : {};
    for (const key of Object.keys(value).sort()) {
      flatten((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, sentObject[key], contract, sentStrings, out, depth + 1, upperCased);
    }
    if (!Object.keys(value).length) out[path] = '{}';
    return;
  }
  out[path] = scalar(value, contract, sentStrings);
}

export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/** The normalised form of one answer to a request with body `sent`. */
export function normaliseAnswer(contract: Contract, answer: { status: number; headers: Record<string, string>; json?: unknown; text: string }, sent: unknown, op?: Operation, earlier: string[] = []): NormalAnswer {
  const out: NormalAnswer = { status: String(answer.status) };
  const type = answer.headers['content-type'];
  out['content-type'] = type ? type.toLowerCase().replace(/\s+/g, '') : 'absent';
  const sentStrings = [...new Set([...stringsIn(sent), ...earlier])].sort((a, b) => b.length - a.length);
  const upperCased = new Set((op?.fields ?? []).filter((f) => f.normalize === 'uppercase' || f.echoVariants?.normalize === 'uppercase').map((f) => `body.${f.name}`));
  if (answer.json !== undefined) flatten(answer.json, 'body', sent, contract, sentStrings, out, 0, upperCased);
  else out.body = answer.text ? `text: ${JSON.stringify(cut(maskRandom(maskSent(answer.text, sentStrings))))}` : 'empty';
  return out;
}

/** The shape of a request body: keys and JSON types, with booleans, nulls and enum members literal. */
function bodyShape(op: Operation, body: unknown): string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return jsonType(body);
  const parts = Object.keys(body)
    .sort()
    .map((key) => {
      const value = (body as Record<string, unknown>)[key];
      const field = op.fields.find((f) => f.name === key);
      const enumerated = (field?.schema.enum ?? []) as unknown[];
      const literal = value === null || typeof value === 'boolean' || (enumerated.includes(value) && typeof value !== 'object');
      return `${key}:${literal ? JSON.stringify(value) : jsonType(value)}`;
    });
  return `{${parts.join(',')}}`;
}

export interface RequestFacts {
  op: Operation;
  method: string;
  auth: string;
  body?: unknown;
  rawBody?: string;
}

/** The request fingerprint: what a request is, without what was drawn at random. */
export function requestFingerprint(oracle: Oracle, req: RequestFacts): string {
  const shape = req.body !== undefined ? bodyShape(req.op, req.body) : req.rawBody !== undefined ? `raw ${req.rawBody.length > 4096 ? `(${req.rawBody.length} characters)` : JSON.stringify(maskRandom(req.rawBody).slice(0, 60))}` : 'no body';
  let verdict = 'no verdict';
  if (req.body !== undefined) {
    const judged = oracle.judge(req.op.operationId, req.body);
    verdict = judged.neverSend ? 'never-send' : judged.valid ? 'valid' : `invalid ${[...new Set(judged.violations.map((v) => `${v.field}:${v.kind}`))].sort().join(' ')}`;
  }
  return `${req.method} ${req.op.path} auth=${req.auth} ${shape} → ${verdict}`;
}

export const keyOf = (fingerprint: string): string => createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);

/** Timing band of a webhook: what W1's window allows to vary, without the clock's noise. */
export function timingBand(ms: number): string {
  if (ms < 1000) return 'under 1 s';
  if (ms < 5000) return '1–5 s';
  if (ms < 15000) return '5–15 s';
  if (ms < 30000) return '15–30 s';
  return 'over 30 s';
}

/** Webhooks a wait returned, normalised: count, order of statuses, timing band, and the first payload's shape. */
export function normaliseWebhooks(contract: Contract, deliveries: { json?: unknown; signatureValid: boolean; receivedAt: Date }[], expected: number, waitedFrom: number, earlier: string[] = []): NormalAnswer {
  const out: NormalAnswer = { 'webhook.count': `${deliveries.length} (of ${expected} awaited)` };
  const statuses = deliveries.map((d) => {
    const status = (d.json as { status?: { overall?: unknown } } | undefined)?.status?.overall;
    return typeof status === 'string' ? status : '?';
  });
  out['webhook.order'] = statuses.join(' → ') || 'none';
  if (deliveries.length) out['webhook.timing'] = timingBand(Math.max(0, deliveries[deliveries.length - 1].receivedAt.getTime() - waitedFrom));
  out['webhook.signature'] = deliveries.every((d) => d.signatureValid) ? 'valid' : 'invalid';
  const last = deliveries[deliveries.length - 1];
  const sentStrings = [...new Set(earlier)].sort((a, b) => b.length - a.length);
  if (last?.json !== undefined) flatten(last.json, 'webhook.body', undefined, contract, sentStrings, out, 0);
  return out;
}

/** Collects the observations of one check, bounded, merging answers under a fingerprint. */
export class ObservationCollector {
  private byKey = new Map<string, ObservedExchange>();
  dropped = 0;

  add(fingerprint: string, answer: NormalAnswer, reproduce?: string): void {
    const key = keyOf(fingerprint);
    let entry = this.byKey.get(key);
    if (!entry) {
      if (this.byKey.size >= OBSERVATION_LIMITS.keysPerCheck) {
        this.dropped++;
        return;
      }
      entry = { key, request: fingerprint, answers: [], count: 0, ...(reproduce ? { reproduce: reproduce.slice(0, OBSERVATION_LIMITS.reproduceChars) } : {}) };
      this.byKey.set(key, entry);
    }
    entry.count++;
    const text = JSON.stringify(answer);
    if (!entry.answers.some((a) => JSON.stringify(a) === text) && entry.answers.length < OBSERVATION_LIMITS.answersPerKey) entry.answers.push(answer);
  }

  exchanges(): ObservedExchange[] {
    return [...this.byKey.values()]
      .map((e) => ({ ...e, answers: [...e.answers].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }))
      .sort((a, b) => a.request.localeCompare(b.request));
  }
}
