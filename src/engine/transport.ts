// The one door through which every HTTP request of a run leaves the process.
// It paces requests, retries transient failures (timeouts, resets, 429/502/503/504) and, when they
// persist, reports them as `transient` so that callers classify them as inconclusive — never as a
// conformance deviation. A 500 is a deviation (R7); it is retried once only to say whether it
// reproduces. Each attempt has a total deadline and a byte cap (guard.ts); an answer over the cap
// is reported with its size and never retried.
//
// Requests go out through pactum's public API (pactum-client.ts); only bytes pactum cannot send
// (a path with malformed escapes) go through Node's own http (raw-client.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionGuard, describeTrip } from './guard.ts';
import { Limiter } from './limiter.ts';
import { keepHeapGrowthSmall } from './memory.ts';
import { PactumAlteredRequest, pactumCanSend, pactumSend, type RawResponse, type RawResult } from './pactum-client.ts';
import { rawSend } from './raw-client.ts';

import type { HttpRequest } from './http-request.ts';
export type { HttpRequest };

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body decoded as UTF-8, untouched. */
  text: string;
  /** Present when `text` is valid JSON. */
  json?: unknown;
  durationMs: number;
  /** Set on a 500 that did not reproduce on retry (the finding says so). */
  note?: string;
  /** Size of the body in bytes, set when `text` holds only its beginning (a 500 kept while its retry waits). */
  bodyBytes?: number;
}

export type SendOutcome =
  | { kind: 'response'; response: HttpResponse; attempts: number }
  | { kind: 'transient'; reason: string; attempts: number };

export interface TransportOptions {
  /** Max requests started per second, 0 = unlimited. */
  rate?: number;
  /** Max requests in flight. */
  concurrency?: number;
  /** Total deadline of one attempt: connection, headers and the whole body. */
  timeoutMs?: number;
  /** Largest answer accepted, in bytes; a larger one is cut off, reported with its size and never retried. */
  maxBodyBytes?: number;
  /** Max retries of a transient failure (so attempts <= retries + 1). */
  retries?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Hard cap on requests actually sent, retries included. */
  maxRequests?: number;
  /** HTTP statuses treated as transient. 500/501 are deliberately absent: a conformant server never 500s on our input (R7); see REPRODUCE_STATUSES. */
  transientStatuses?: number[];
  signal?: AbortSignal;
}

/** One attempt: a response, the key of a transient failure ('503', 'timeout', 'ECONNRESET', ...), or a final refusal (never retried). */
type Attempt =
  | { ok: true; response: HttpResponse }
  | { ok: false; failure: string; retryAfterMs?: number; final?: string };

const RETRY_AFTER_CEILING_MS = 60_000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Deviations (R7), retried once only to tell whether they reproduce. */
const REPRODUCE_STATUSES = new Set([500]);

export class Transport {
  requestsSent = 0;
  retries = 0;
  retriesByReason: Record<string, number> = {};
  /** True once a request was refused (or a retry cut short) because maxRequests was reached. */
  budgetExhausted = false;

  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRequests: number;
  private readonly transientStatuses: Set<number>;
  readonly signal?: AbortSignal;
  private readonly limiter: Limiter;

  constructor(options: TransportOptions = {}) {
    keepHeapGrowthSmall(); // answers may be big: see memory.ts
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxRetries = options.retries ?? 4;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.maxRequests = options.maxRequests ?? Infinity;
    this.transientStatuses = new Set(options.transientStatuses ?? [429, 502, 503, 504]);
    this.signal = options.signal;
    this.limiter = new Limiter(options.rate ?? 0, Math.max(1, options.concurrency ?? 8));
    // Stopping stops: once interrupted, queued requests no longer wait for their rate slot.
    if (this.signal?.aborted) this.limiter.stop();
    else this.signal?.addEventListener('abort', () => this.limiter.stop(), { once: true });
  }

  /** Sends `req`, retrying transient failures. Throws only for requests that cannot be sent at all (bad URL, invalid header). */
  async send(req: HttpRequest): Promise<SendOutcome> {
    return (await this.sendWithRetries(req, this.transientStatuses, true)).outcome;
  }

  /** 'ok' if `url` answers with any HTTP status (after retries), else a one-line reason such as 'connection refused at 127.0.0.1:1234'. */
  async probe(url: string): Promise<'ok' | string> {
    // Any status proves reachability, so no status is retried here.
    const { outcome, lastFailure } = await this.sendWithRetries({ method: 'GET', url, headers: {} }, new Set(), false);
    if (outcome.kind === 'response') return 'ok';
    if (!lastFailure) return outcome.reason;
    return `${describeFailure(lastFailure)} at ${hostAndPort(url)}`;
  }

  private async sendWithRetries(
    req: HttpRequest,
    transientStatuses: Set<number>,
    reproduce: boolean,
  ): Promise<{ outcome: SendOutcome; lastFailure?: string }> {
    assertSendable(req);
    let attempts = 0;
    let first500: HttpResponse | undefined;
    for (;;) {
      if (first500 && (this.signal?.aborted || this.requestsSent >= this.maxRequests)) return { outcome: { kind: 'response', response: first500, attempts } };
      if (this.signal?.aborted) return { outcome: { kind: 'transient', reason: 'run aborted', attempts } };
      if (this.requestsSent >= this.maxRequests) return { outcome: this.budgetOutcome(attempts) };

      const attempt = await this.attemptPaced(req, transientStatuses, reproduce && !first500);
      if (attempt === 'aborted') return { outcome: { kind: 'transient', reason: 'run aborted', attempts } }; // aborted while queued
      if (!attempt) return { outcome: this.budgetOutcome(attempts) }; // budget ran out while queued
      attempts++;
      if (attempt.ok) {
        const { response } = attempt;
        if (first500) {
          // The retry of a 500: the deviation stands either way, but the reader learns whether it reproduced.
          if (response.status !== first500.status) first500.note = `HTTP ${first500.status} did not reproduce on retry (the retry got ${response.status})`;
          return { outcome: { kind: 'response', response: first500, attempts } };
        }
        if (reproduce && REPRODUCE_STATUSES.has(response.status)) {
          // Held while the retry waits for a slot (maybe long, behind many others): attemptOnce has
          // already cut its text, so this suspended function never holds a big body.
          first500 = response;
          this.countRetry(`${response.status} (reproduce)`);
          await this.backoff(1);
          continue;
        }
        return { outcome: { kind: 'response', response, attempts } };
      }
      if (attempt.final !== undefined) return { outcome: { kind: 'transient', reason: attempt.final, attempts }, lastFailure: attempt.failure };
      if (first500) return { outcome: { kind: 'response', response: first500, attempts } }; // the retry proved nothing either way

      if (attempts > this.maxRetries) {
        const reason = `${failureLabel(attempt.failure)} after ${attempts} attempts`;
        return { outcome: { kind: 'transient', reason, attempts }, lastFailure: attempt.failure };
      }
      this.countRetry(attempt.failure);
      await this.backoff(attempts, attempt.retryAfterMs);
    }
  }

  /** One attempt inside the rate/concurrency limits; undefined if the budget is spent by the time a slot frees up, 'aborted' if the run was. */
  private async attemptPaced(req: HttpRequest, transientStatuses: Set<number>, mayHold: boolean): Promise<Attempt | undefined | 'aborted'> {
    await this.limiter.acquire();
    try {
      // Re-checked after waiting too: an interrupted run must not send the whole queue before it stops.
      if (this.signal?.aborted) return 'aborted';
      // Re-checked after waiting: other sends may have used the budget meanwhile.
      if (this.requestsSent >= this.maxRequests) return undefined;
      // The budget's last request: nothing queued behind it will be sent, so none of it waits.
      if (++this.requestsSent >= this.maxRequests) this.limiter.stop();
      return await this.attemptOnce(req, transientStatuses, mayHold);
    } finally {
      this.limiter.release();
    }
  }

  /** `mayHold`: a 500 will be held while its retry waits, so only its beginning is returned. */
  private async attemptOnce(req: HttpRequest, transientStatuses: Set<number>, mayHold: boolean): Promise<Attempt> {
    const started = Date.now();
    const guard = new ConnectionGuard({ url: new URL(req.url), deadlineMs: this.timeoutMs, maxBytes: this.maxBodyBytes, signal: this.signal });
    let result: RawResult;
    try {
      const sending = pactumCanSend(req) ? pactumSend(req, guard, this.timeoutMs) : rawSend(req, guard);
      // The guard wins over a client still waiting on a destroyed socket.
      result = await Promise.race([sending, guard.tripped.then((trip) => ({ error: trip }) as RawResult)]);
    } finally {
      guard.dispose();
    }
    const trip = guard.tripReason;
    if (trip?.kind === 'too-large') return { ok: false, failure: 'too-large', final: describeTrip(trip) };
    if (trip?.kind === 'aborted') return { ok: false, failure: 'aborted', final: 'run aborted' };
    if (trip?.kind === 'deadline') return { ok: false, failure: 'timeout' };
    if ('error' in result) return { ok: false, failure: classifyError(result.error, req) };
    const response = toHttpResponse(result.raw, Date.now() - started);
    if (mayHold && REPRODUCE_STATUSES.has(response.status)) return { ok: true, response: heldResponse(response) };
    if (!transientStatuses.has(response.status)) return { ok: true, response };
    return { ok: false, failure: String(response.status), retryAfterMs: parseRetryAfter(response.headers['retry-after']) };
  }

  private countRetry(failure: string): void {
    this.retries++;
    this.retriesByReason[failure] = (this.retriesByReason[failure] ?? 0) + 1;
  }

  /** Waits before retry number `retryNo`, honouring Retry-After within limits. */
  private async backoff(retryNo: number, retryAfterMs?: number): Promise<void> {
    let delay: number;
    if (retryAfterMs !== undefined) {
      delay = Math.min(retryAfterMs, this.maxBackoffMs * 4, RETRY_AFTER_CEILING_MS);
    } else {
      const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (retryNo - 1));
      delay = ceiling / 2 + (Math.random() * ceiling) / 2; // "equal jitter": spreads retries, keeps a floor
    }
    try {
      await sleep(delay, undefined, { signal: this.signal });
    } catch {
      // aborted: the loop notices the signal and stops
    }
  }

  private budgetOutcome(attempts: number): SendOutcome {
    this.budgetExhausted = true;
    return { kind: 'transient', reason: `request budget (--max-requests ${this.maxRequests}) exhausted`, attempts };
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// -------------------------------------------------------------- responses ---

function toHttpResponse(raw: RawResponse, durationMs: number): HttpResponse {
  const { text } = raw;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const response: HttpResponse = { status: raw.statusCode, headers, text, durationMs };
  if (raw.json !== undefined) response.json = raw.json;
  return response;
}

/** Bodies kept whole while a retry waits, at most; the rest is dropped (its size noted). */
const HELD_TEXT_CHARS = 64 * 1024;

function heldResponse(response: HttpResponse): HttpResponse {
  if (response.text.length <= HELD_TEXT_CHARS) return response;
  // A fresh copy: a slice would keep the whole text alive.
  const text = Buffer.from(response.text.slice(0, HELD_TEXT_CHARS), 'utf8').toString('utf8');
  return { ...response, text, bodyBytes: Buffer.byteLength(response.text, 'utf8') };
}

// ---------------------------------------------------------------- errors ---

/** Rejects requests that no retry could ever send; messages never contain header values or the query. */
function assertSendable(req: HttpRequest): void {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error('cannot send request: the URL is not absolute');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`cannot send request: unsupported protocol ${url.protocol}`);
  }
}

/** Maps a send error to a failure key; throws (sanitised) if it is our bug rather than the network's. */
function classifyError(error: unknown, req: HttpRequest): string {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  if (error instanceof PactumAlteredRequest) throw error;
  if (e.message === 'Timeout reached') return 'timeout'; // centra (pactum's client) timeout, no code
  if (e.message === 'Server aborted request') return 'ECONNRESET'; // body cut off mid-way
  const code = typeof e.code === 'string' ? e.code : undefined;
  // Node's ERR_* codes (invalid header, method, URL), language errors and pactum's own are bugs, not network trouble.
  const isBug = error instanceof TypeError || error instanceof RangeError || error instanceof URIError;
  if (code?.startsWith('ERR_') || isBug || e.name === 'PactumRequestError') {
    throw new Error(`cannot send ${safeTarget(req)}: ${code ?? 'rejected by pactum'}`);
  }
  return code ?? 'network error';
}

function failureLabel(failure: string): string {
  return /^\d{3}$/.test(failure) ? `HTTP ${failure}` : failure;
}

function describeFailure(failure: string): string {
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    timeout: 'no answer (timeout)',
  };
  return words[failure] ?? failure;
}

/** Method, origin and path only: query strings and user-info may carry secrets. */
function safeTarget(req: HttpRequest): string {
  try {
    const url = new URL(req.url);
    return `${req.method} ${url.origin}${url.pathname}`;
  } catch {
    return req.method;
  }
}

function hostAndPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}
